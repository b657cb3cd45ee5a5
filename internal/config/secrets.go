package config

import (
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// DatabaseSecretKeys are the keys DATABASE_SECRET_JSON must hold: the shape of the RDS secret
// Secrets Manager stores. infra/secrets.tf writes exactly these (a test checks both).
var DatabaseSecretKeys = []string{"username", "password", "host", "port", "dbname"}

// RedisSecretKeys are the keys REDIS_SECRET_JSON may hold; redis_url wins over host and port,
// and redis_auth_token (the ElastiCache AUTH token) becomes the URL's password.
var RedisSecretKeys = []string{"redis_url", "redis_host", "redis_port", "redis_auth_token"}

func databaseURLFromSecret(raw string) (string, error) {
	fields, err := decodeSecret("DATABASE_SECRET_JSON", raw)
	if err != nil {
		return "", err
	}
	for _, k := range DatabaseSecretKeys {
		if fields[k] == "" {
			return "", &Error{"DATABASE_SECRET_JSON", fmt.Sprintf("missing key %q", k)}
		}
	}
	if _, err := strconv.Atoi(fields["port"]); err != nil {
		return "", &Error{"DATABASE_SECRET_JSON", `key "port" must be a number`}
	}
	u := url.URL{
		Scheme: "postgres",
		User:   url.UserPassword(fields["username"], fields["password"]),
		Host:   net.JoinHostPort(fields["host"], fields["port"]),
		Path:   "/" + fields["dbname"],
	}
	return u.String(), nil
}

func redisURLFromSecret(raw string) (string, error) {
	fields, err := decodeSecret("REDIS_SECRET_JSON", raw)
	if err != nil {
		return "", err
	}
	u, err := redisAddressFromSecret(fields)
	if err != nil || fields["redis_auth_token"] == "" {
		return u, err
	}
	return withRedisPassword(u, fields["redis_auth_token"])
}

// withRedisPassword puts the AUTH token into the URL as its password, with no user name: the
// client then sends the one-argument AUTH that ElastiCache's AUTH token expects.
func withRedisPassword(raw, token string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", &Error{"REDIS_SECRET_JSON", "key \"redis_url\" cannot be parsed"}
	}
	u.User = url.UserPassword("", token)
	return u.String(), nil
}

func redisAddressFromSecret(fields map[string]string) (string, error) {
	if u := fields["redis_url"]; u != "" {
		if err := checkRedisURL(u); err != nil {
			return "", &Error{"REDIS_SECRET_JSON", "key \"redis_url\" " + err.Error()}
		}
		return u, nil
	}
	if fields["redis_host"] == "" {
		return "", &Error{"REDIS_SECRET_JSON", `needs "redis_url" or "redis_host"`}
	}
	port := fields["redis_port"]
	if port == "" {
		port = "6379"
	}
	if _, err := strconv.Atoi(port); err != nil {
		return "", &Error{"REDIS_SECRET_JSON", `key "redis_port" must be a number`}
	}
	scheme := "redis://"
	if fields["redis_auth_token"] != "" {
		scheme = "rediss://" // an AUTH token never travels in plaintext
	}
	return scheme + net.JoinHostPort(fields["redis_host"], port), nil
}

// decodeSecret reads a flat JSON object whose values are strings or numbers. The error never
// quotes the input: it may hold a password.
func decodeSecret(name, raw string) (map[string]string, error) {
	var obj map[string]any
	if err := json.Unmarshal([]byte(raw), &obj); err != nil {
		return nil, &Error{name, "is not a valid JSON object"}
	}
	out := make(map[string]string, len(obj))
	for k, v := range obj {
		switch v := v.(type) {
		case string:
			out[k] = v
		case float64:
			out[k] = strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	return out, nil
}

func checkRedisURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" || strings.ContainsAny(u.Host, " ") {
		return fmt.Errorf("must be a redis:// or rediss:// URL with a host")
	}
	return nil
}
