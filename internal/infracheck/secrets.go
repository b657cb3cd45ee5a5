package infracheck

import (
	"fmt"

	"github.com/anditms/tms/internal/config"
)

// SecretKeys: the JSON each secret holds has exactly the keys the config parser reads.
func SecretKeys(m *Module) []string {
	problems := secretKeys(m, "aws_secretsmanager_secret_version.db", config.DatabaseSecretKeys)
	return append(problems, secretKeys(m, "aws_secretsmanager_secret_version.redis", config.RedisSecretKeys)...)
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
