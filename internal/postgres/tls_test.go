package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/anditms/tms/internal/config"
	"github.com/anditms/tms/internal/postgres"
	"github.com/anditms/tms/internal/testenv"
)

// The app reaches a PostgreSQL that takes only TLS (as RDS with rds.force_ssl) with
// sslmode=verify-full against the CA file, configured the way the task definition does it:
// DATABASE_SSLMODE and DATABASE_SSLROOTCERT.
func TestOpenVerifiesTheServerCertificate(t *testing.T) {
	port, files := testenv.TLSPostgres(t)
	cfg, err := config.Load(func(k string) string {
		return map[string]string{
			"ENV":                  "staging",
			"DATABASE_SECRET_JSON": fmt.Sprintf(`{"username":"postgres","password":"unused","host":"localhost","port":%d,"dbname":"postgres"}`, port),
			"DATABASE_SSLROOTCERT": files.CA,
		}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(cfg.DatabaseURL, "sslmode=verify-full") {
		t.Fatalf("staging without DATABASE_SSLMODE does not default to verify-full")
	}
	ctx := context.Background()
	s, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		t.Fatalf("verify-full with the right CA: %v", err)
	}
	defer s.Close()
	var ssl bool
	if err := s.Pool.QueryRow(ctx, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").Scan(&ssl); err != nil || !ssl {
		t.Fatalf("connection over TLS = %v, %v; want true", ssl, err)
	}

	base := fmt.Sprintf("postgres://postgres@%%s:%d/postgres?", port)
	refused := map[string]struct{ url, why string }{
		"another CA":           {fmt.Sprintf(base, "localhost") + "sslmode=verify-full&sslrootcert=" + testenv.OtherCA(t, t.TempDir()), "unknown authority"},
		"name not in the cert": {fmt.Sprintf(base, "127.0.0.1") + "sslmode=verify-full&sslrootcert=" + files.CA, "IP SANs"},
		"system roots only":    {fmt.Sprintf(base, "localhost") + "sslmode=verify-full", "unknown authority"},
		"plaintext":            {fmt.Sprintf(base, "localhost") + "sslmode=disable", "no pg_hba.conf entry"},
	}
	for name, tc := range refused {
		t.Run(name, func(t *testing.T) {
			s, err := postgres.Open(ctx, tc.url)
			if err == nil {
				s.Close()
				t.Fatal("connected, want a refusal")
			}
			if !strings.Contains(err.Error(), tc.why) {
				t.Errorf("error %q, want it to say %q", err, tc.why)
			}
		})
	}
}
