package config

import (
	"strconv"
	"time"
)

// Webhooks tunes the outbound webhooks.
type Webhooks struct {
	// Every is how often each instance offers the due deliveries.
	Every time.Duration
	// PositionEvery is the least time between two position events of one truck.
	PositionEvery time.Duration
	// AllowPrivateURLs admits http:// and loopback or private addresses as subscription URLs
	// (embedded mode, a lab); link-local and metadata addresses are refused always.
	AllowPrivateURLs bool
}

func loadWebhooks(getenv func(string) string, c *Config) error {
	var err error
	if c.Webhooks.Every, err = positiveDuration(getenv, "WEBHOOK_WORKER_INTERVAL", 5*time.Second); err != nil {
		return err
	}
	if c.Webhooks.PositionEvery, err = positiveDuration(getenv, "WEBHOOK_POSITION_INTERVAL", 5*time.Minute); err != nil {
		return err
	}
	c.Webhooks.AllowPrivateURLs = c.Embedded()
	if v := getenv("WEBHOOK_ALLOW_PRIVATE_URLS"); v != "" {
		if c.Webhooks.AllowPrivateURLs, err = strconv.ParseBool(v); err != nil {
			return &Error{"WEBHOOK_ALLOW_PRIVATE_URLS", "must be true or false"}
		}
	}
	return nil
}
