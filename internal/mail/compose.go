package mail

import (
	"bytes"
	"fmt"
	"strings"

	gomail "github.com/wneessen/go-mail"

	"github.com/anditms/tms/internal/tms"
)

// File is an attachment's name, type and bytes, resolved when the message is sent.
type File struct {
	Name, ContentType string
	Data              []byte
}

// MessageID is the message's Message-ID: the same for every attempt at one outbox row, so a
// copy sent again after an instance died mid-send is recognisable as the same message.
func MessageID(m tms.Mail, from string) string {
	domain := "tms.invalid"
	if at := strings.LastIndexByte(from, '@'); at >= 0 {
		domain = strings.Trim(from[at+1:], "> ")
	}
	return fmt.Sprintf("outbox-%d.%d@%s", m.ID, m.CreatedAt.UnixMicro(), domain)
}

// Compose builds the MIME message of an outbox row: text with an HTML alternative, the
// attachments, and the stable Message-ID.
func Compose(m tms.Mail, from string, files []File) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("MAIL_FROM: %w", err)
	}
	if err := msg.To(m.To...); err != nil {
		return nil, fmt.Errorf("recipients: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(MessageID(m, from))
	msg.SetDate()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for _, f := range files {
		msg.AttachReadSeeker(f.Name, bytes.NewReader(f.Data), gomail.WithFileContentType(gomail.ContentType(f.ContentType)))
	}
	return msg, nil
}
