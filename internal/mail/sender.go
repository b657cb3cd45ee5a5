package mail

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Sender delivers one composed message and returns the server's answer.
type Sender interface {
	Send(ctx context.Context, msg *gomail.Msg) (response string, err error)
}

// SMTP sends through an SMTP server given as smtp://user:pass@host:587 (STARTTLS, required
// when there are credentials so a password never travels in plaintext) or smtps://…:465
// (TLS from the start).
type SMTP struct{ client *gomail.Client }

// NewSMTP builds the client for an SMTP URL; the error never quotes the URL (it may hold a
// password).
func NewSMTP(raw string) (*SMTP, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, errors.New("SMTP_URL must be smtp://[user:password@]host[:port] or smtps://…")
	}
	opts := []gomail.Option{gomail.WithTimeout(30 * time.Second), gomail.WithTLSPortPolicy(gomail.TLSOpportunistic)}
	port := 587
	if u.Scheme == "smtps" {
		port = 465
		opts = append(opts, gomail.WithSSL())
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return nil, errors.New("SMTP_URL has a port that is not a number")
		}
	}
	opts = append(opts, gomail.WithPort(port))
	if user := u.User.Username(); user != "" {
		pass, _ := u.User.Password()
		opts = append(opts, gomail.WithTLSPortPolicy(gomail.TLSMandatory), gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(user), gomail.WithPassword(pass))
	}
	c, err := gomail.NewClient(u.Hostname(), opts...)
	if err != nil {
		return nil, fmt.Errorf("SMTP client: %w", err)
	}
	return &SMTP{client: c}, nil
}

// Send dials the server, sends the message and hangs up.
func (s *SMTP) Send(ctx context.Context, msg *gomail.Msg) (string, error) {
	if err := s.client.DialAndSendWithContext(ctx, msg); err != nil {
		return "", err
	}
	return msg.ServerResponse(), nil
}

// Folder is the embedded mode's sender: each message becomes an .eml file in Dir (under the
// data directory), named after its Message-ID so a second copy overwrites the first.
type Folder struct{ Dir string }

// Send writes the message to the folder.
func (f Folder) Send(_ context.Context, msg *gomail.Msg) (string, error) {
	if err := os.MkdirAll(f.Dir, 0o750); err != nil {
		return "", err
	}
	name := filepath.Join(f.Dir, FileName(msg.GetMessageID()))
	if err := msg.WriteToFile(name); err != nil {
		return "", err
	}
	return "written to " + name, nil
}

// FileName is the .eml file a Message-ID is written to.
func FileName(messageID string) string {
	return filepath.Base(strings.Trim(messageID, "<>")) + ".eml"
}

// Permanent reports whether a send error will not go away by retrying: the server refused
// the message or a recipient for good (an SMTP 5xx answer).
func Permanent(err error) bool {
	var se *gomail.SendError
	return errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500
}
