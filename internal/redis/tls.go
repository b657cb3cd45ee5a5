package redis

import (
	"crypto/x509"
	"errors"
	"fmt"
	"os"

	goredis "github.com/redis/go-redis/v9"
)

// trustCA makes a TLS connection verify the server against the certificates in caFile. go-redis
// already sets the server name from the rediss:// URL and never skips verification.
func trustCA(opt *goredis.Options, caFile string) error {
	if caFile == "" {
		return nil
	}
	if opt.TLSConfig == nil {
		return errors.New("redis: a CA file needs a rediss:// (TLS) URL")
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return fmt.Errorf("redis: CA file: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return fmt.Errorf("redis: CA file %s holds no PEM certificate", caFile)
	}
	opt.TLSConfig.RootCAs = pool
	return nil
}
