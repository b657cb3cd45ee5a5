package webhooks

import (
	"strings"
	"testing"
	"time"
)

// TestSignMatchesTheSpecVector signs the Standard Webhooks reference vector
// (standard-webhooks/standard-webhooks, libraries/go/webhook_test.go, TestWebhookSign).
func TestSignMatchesTheSpecVector(t *testing.T) {
	const (
		secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
		msgID  = "msg_p5jXN8AQM9LWM0D4loKWxJek"
		want   = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
	)
	body := []byte(`{"test": 2432232314}`)
	got, err := Sign(secret, msgID, time.Unix(1614265330, 0), body)
	if err != nil || got != want {
		t.Fatalf("Sign = %q, %v; want %q", got, err, want)
	}
	if !Verify(secret, msgID, "1614265330", "v1,other "+want, body) {
		t.Error("Verify refused the vector among several signatures")
	}
	for name, tamper := range map[string]func() bool{
		"body":      func() bool { return Verify(secret, msgID, "1614265330", want, []byte(`{"test": 1}`)) },
		"id":        func() bool { return Verify(secret, "msg_other", "1614265330", want, body) },
		"timestamp": func() bool { return Verify(secret, msgID, "1614265331", want, body) },
		"secret":    func() bool { return Verify(NewSecret(), msgID, "1614265330", want, body) },
	} {
		if tamper() {
			t.Errorf("Verify accepted a changed %s", name)
		}
	}
}

func TestNewSecretIsStandardAndRandom(t *testing.T) {
	a, b := NewSecret(), NewSecret()
	if !strings.HasPrefix(a, "whsec_") || len(a) != len("whsec_")+44 || a == b {
		t.Fatalf("secrets %q, %q", a, b)
	}
	if _, err := Sign(a, "msg_1", time.Now(), nil); err != nil {
		t.Fatal(err)
	}
}
