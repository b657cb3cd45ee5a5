// Package webhooks sends the outbound webhooks: subscriptions with a server-made secret, the
// SSRF guard on their addresses, Standard Webhooks signing, the delivery worker with its retry
// schedule, and the throttled position events.
package webhooks

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Standard Webhooks headers (https://www.standardwebhooks.com/).
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

// NewSecret makes a signing secret: whsec_ and the base64 of 32 random bytes.
func NewSecret() string {
	key := make([]byte, 32)
	_, _ = rand.Read(key) // crypto/rand.Read never fails
	return tms.WebhookSecretPrefix + base64.StdEncoding.EncodeToString(key)
}

// Sign returns the webhook-signature header of a message: v1, and the base64 HMAC-SHA256 of
// "{id}.{timestamp}.{body}" keyed with the secret's decoded bytes.
func Sign(secret, msgID string, at time.Time, body []byte) (string, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, tms.WebhookSecretPrefix))
	if err != nil {
		return "", fmt.Errorf("webhook secret: %w", err)
	}
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s.%d.", msgID, at.Unix())
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)), nil
}

// Verify checks a received message's headers the way a receiver does: one of the
// space-separated v1 signatures must match. (Receivers also bound the timestamp's age.)
func Verify(secret, msgID, timestamp, signatures string, body []byte) bool {
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return false
	}
	want, err := Sign(secret, msgID, time.Unix(sec, 0), body)
	if err != nil {
		return false
	}
	for _, got := range strings.Fields(signatures) {
		if hmac.Equal([]byte(got), []byte(want)) {
			return true
		}
	}
	return false
}
