package config

import (
	"net/url"
	"slices"
	"strings"
)

// sslModes are libpq's sslmode values, weakest first.
var sslModes = []string{"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}

// loadDatabaseTLS sets how the PostgreSQL connection uses TLS, as sslmode and sslrootcert in
// DatabaseURL. DATABASE_SSLMODE wins over the URL's sslmode; with neither, staging and prod
// verify the server's certificate and name (verify-full) and dev keeps the driver's default
// (prefer). DATABASE_SSLROOTCERT is the CA bundle to verify against (the image ships RDS's);
// without it the system roots are used.
func loadDatabaseTLS(getenv func(string) string, c *Config) error {
	mode, root := getenv("DATABASE_SSLMODE"), getenv("DATABASE_SSLROOTCERT")
	if c.DatabaseURL == "" {
		return nil
	}
	u, err := url.Parse(c.DatabaseURL)
	if err != nil {
		return &Error{"DATABASE_URL", "must be a postgres:// URL with a host"}
	}
	q := u.Query()
	if mode == "" {
		mode = q.Get("sslmode")
	}
	if mode == "" && c.Env != EnvDev {
		mode = "verify-full"
	}
	if mode != "" && !slices.Contains(sslModes, mode) {
		return &Error{"DATABASE_SSLMODE", "must be one of " + strings.Join(sslModes, ", ")}
	}
	if root != "" && mode != "verify-ca" && mode != "verify-full" {
		return &Error{"DATABASE_SSLROOTCERT", "is only used with DATABASE_SSLMODE verify-ca or verify-full"}
	}
	setIfNotEmpty(q, "sslmode", mode)
	setIfNotEmpty(q, "sslrootcert", root)
	u.RawQuery = q.Encode()
	c.DatabaseURL = u.String()
	return nil
}

func setIfNotEmpty(q url.Values, key, value string) {
	if value != "" {
		q.Set(key, value)
	}
}

// loadRedisTLS reads REDIS_TLS_CA_FILE: the CA bundle a rediss:// server's certificate is
// verified against instead of the system roots (ElastiCache's certificates chain to the system
// roots, so production needs none).
func loadRedisTLS(getenv func(string) string, c *Config) error {
	c.RedisCAFile = getenv("REDIS_TLS_CA_FILE")
	if c.RedisCAFile != "" && !strings.HasPrefix(c.RedisURL, "rediss://") {
		return &Error{"REDIS_TLS_CA_FILE", "needs a rediss:// (TLS) Redis URL"}
	}
	return nil
}
