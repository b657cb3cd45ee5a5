package config

import (
	"net"
	"net/mail"
	"net/url"
	"path/filepath"
)

// SMTPSecretKeys are the keys SMTP_SECRET_JSON may hold: smtp_url, or host, port (default
// 587), username and password (infra/ses.tf writes the Amazon SES SMTP credentials this way).
var SMTPSecretKeys = []string{"smtp_url", "host", "port", "username", "password"}

// MailDir is where messages are written when no SMTP server is configured.
func (c Config) MailDir() string { return filepath.Join(c.DataDir, "mail") }

func loadMail(getenv func(string) string, c *Config) error {
	secret, direct := getenv("SMTP_SECRET_JSON"), getenv("SMTP_URL")
	switch {
	case secret != "" && direct != "":
		return &Error{"SMTP_URL", "set either SMTP_URL or SMTP_SECRET_JSON, not both"}
	case secret != "":
		u, err := smtpURLFromSecret(secret)
		if err != nil {
			return err
		}
		c.SMTPURL = u
	case direct != "":
		if !validSMTPURL(direct) {
			return &Error{"SMTP_URL", "must be smtp://[user:password@]host[:port] or smtps://…"}
		}
		c.SMTPURL = direct
	}
	c.MailFrom = getenv("MAIL_FROM")
	if c.MailFrom == "" && c.SMTPURL != "" {
		return &Error{"MAIL_FROM", "is required with an SMTP server (the address messages are sent from)"}
	}
	if c.MailFrom == "" {
		c.MailFrom = "Andi TMS <tms@localhost>"
	}
	if _, err := mail.ParseAddress(c.MailFrom); err != nil {
		return &Error{"MAIL_FROM", "must be an email address, optionally with a name: Dispatch <dispatch@example.com>"}
	}
	return nil
}

func validSMTPURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "smtp" || u.Scheme == "smtps") && u.Hostname() != ""
}

func smtpURLFromSecret(raw string) (string, error) {
	fields, err := decodeSecret("SMTP_SECRET_JSON", raw)
	if err != nil {
		return "", err
	}
	if u := fields["smtp_url"]; u != "" {
		if !validSMTPURL(u) {
			return "", &Error{"SMTP_SECRET_JSON", `key "smtp_url" must be an smtp:// or smtps:// URL with a host`}
		}
		return u, nil
	}
	if fields["host"] == "" {
		return "", &Error{"SMTP_SECRET_JSON", `needs "smtp_url" or "host"`}
	}
	port := fields["port"]
	if port == "" {
		port = "587"
	}
	u := url.URL{Scheme: "smtp", Host: net.JoinHostPort(fields["host"], port)}
	if port == "465" {
		u.Scheme = "smtps"
	}
	if fields["username"] != "" {
		u.User = url.UserPassword(fields["username"], fields["password"])
	}
	return u.String(), nil
}
