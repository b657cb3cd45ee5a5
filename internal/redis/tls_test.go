package redis_test

import (
	"context"
	"strings"
	"testing"

	"github.com/anditms/tms/internal/config"
	"github.com/anditms/tms/internal/redis"
	"github.com/anditms/tms/internal/testenv"
)

// The app reaches a Redis that takes only TLS with AUTH, as ElastiCache does with an AUTH token,
// from the secret Terraform writes, and verifies the server's certificate and name.
func TestOpenOverTLSWithAuth(t *testing.T) {
	addr, files := testenv.TLSRedis(t, "tok3n")
	port := addr[strings.LastIndex(addr, ":")+1:]
	cfg, err := config.Load(func(k string) string {
		return map[string]string{
			"DATABASE_URL":      "postgres://u@db/tms",
			"REDIS_SECRET_JSON": `{"redis_url":"rediss://localhost:` + port + `","redis_auth_token":"tok3n"}`,
			"REDIS_TLS_CA_FILE": files.CA,
		}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := redis.Open(context.Background(), cfg.RedisURL, cfg.RedisCAFile)
	if err != nil {
		t.Fatalf("TLS + AUTH with the right CA: %v", err)
	}
	defer c.Close()
	if err := c.Set(context.Background(), "tls-test", "ok", 0).Err(); err != nil {
		t.Fatal(err)
	}

	refused := map[string]struct{ url, ca, why string }{
		"wrong token":               {"rediss://:wrong@localhost:" + port, files.CA, "WRONGPASS"},
		"no token":                  {"rediss://localhost:" + port, files.CA, "NOAUTH"},
		"system roots only":         {"rediss://:tok3n@localhost:" + port, "", "unknown authority"},
		"another CA":                {"rediss://:tok3n@localhost:" + port, testenv.OtherCA(t, t.TempDir()), "unknown authority"},
		"name not in the cert":      {"rediss://:tok3n@127.0.0.1:" + port, files.CA, "IP SANs"},
		"plaintext to the TLS port": {"redis://:tok3n@localhost:" + port, "", ""},
	}
	for name, tc := range refused {
		t.Run(name, func(t *testing.T) {
			c, err := redis.Open(context.Background(), tc.url, tc.ca)
			if err == nil {
				c.Close()
				t.Fatal("connected, want a refusal")
			}
			if !strings.Contains(err.Error(), tc.why) {
				t.Errorf("error %q, want it to say %q", err, tc.why)
			}
			if strings.Contains(err.Error(), "tok3n") {
				t.Errorf("error %q leaks the token", err)
			}
		})
	}
}

func TestOpenRefusesCAFileWithoutTLS(t *testing.T) {
	if _, err := redis.Open(context.Background(), "redis://127.0.0.1:1", "/nonexistent.pem"); err == nil {
		t.Fatal("a CA file with a plaintext URL was accepted")
	}
}
