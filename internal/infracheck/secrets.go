package infracheck

import (
	"fmt"
	"strings"

	"github.com/anditms/tms/internal/config"
)

// SecretKeys: the JSON each secret holds has exactly the keys the config parser reads, and
// the Redis URL asks for TLS, which the replication group requires.
func SecretKeys(m *Module) []string {
	problems := secretKeys(m, "aws_secretsmanager_secret_version.db", config.DatabaseSecretKeys)
	problems = append(problems, secretKeys(m, "aws_secretsmanager_secret_version.redis", config.RedisSecretKeys)...)
	return append(problems, redisTLS(m)...)
}

func secretKeys(m *Module, addr string, want []string) []string {
	b := m.Block(addr)
	if b == nil {
		return []string{addr + ": missing"}
	}
	var got []string
	for _, e := range b.Find("secret_string") {
		got = append(got, e.Keys()...)
	}
	if !sameSet(got, want) {
		return []string{fmt.Sprintf("%s: secret_string keys = %s, want %s", addr, show(got), show(want))}
	}
	return nil
}

func redisTLS(m *Module) []string {
	const addr = "aws_secretsmanager_secret_version.redis"
	b := m.Block(addr)
	if b == nil {
		return nil // secretKeys reports it
	}
	url := show(values(b.Find("secret_string.redis_url")))
	if !strings.HasPrefix(url, `"rediss://`) && !strings.HasPrefix(url, "rediss://") {
		return []string{addr + ": redis_url = " + url + ", want a rediss:// (TLS) URL"}
	}
	return nil
}
