package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadDefaultsToEmbedded(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Embedded() || c.Port != 8000 || c.DataDir != "./data" || c.Env != EnvDev || c.SecureCookies() {
		t.Errorf("defaults = %+v, want embedded dev on 8000 under ./data without Secure cookies", c)
	}
	if c.RequestTimeout != 4*time.Second || c.ShutdownTimeout >= 10*time.Second {
		t.Errorf("RequestTimeout %v, ShutdownTimeout %v: want 4s and a stop inside 10s", c.RequestTimeout, c.ShutdownTimeout)
	}
}

// TestWebhookDefaults: private webhook URLs are allowed embedded and refused with PostgreSQL
// unless the flag says otherwise.
func TestWebhookDefaults(t *testing.T) {
	tests := []struct {
		env         map[string]string
		wantPrivate bool
	}{
		{nil, true},
		{map[string]string{"DATABASE_URL": "postgres://h/db"}, false},
		{map[string]string{"DATABASE_URL": "postgres://h/db", "WEBHOOK_ALLOW_PRIVATE_URLS": "true"}, true},
		{map[string]string{"WEBHOOK_ALLOW_PRIVATE_URLS": "false"}, false},
	}
	for _, tt := range tests {
		c, err := Load(env(tt.env))
		if err != nil || c.Webhooks.AllowPrivateURLs != tt.wantPrivate || c.Webhooks.Every != 5*time.Second || c.Webhooks.PositionEvery != 5*time.Minute {
			t.Errorf("Load(%v) = %+v, %v; want private URLs %v", tt.env, c.Webhooks, err, tt.wantPrivate)
		}
	}
}

func TestLoadSecrets(t *testing.T) {
	c, err := Load(env(map[string]string{
		"ENV":                  "prod",
		"DATABASE_SECRET_JSON": `{"username":"tms","password":"p@ss/word","host":"db.internal","port":5432,"dbname":"tms","engine":"postgres"}`,
		"REDIS_SECRET_JSON":    `{"redis_url":"rediss://cache.internal:6379","redis_host":"cache.internal","redis_port":"6379"}`,
		"S3_BUCKET":            "docs", "AWS_REGION": "us-east-1",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if want := "postgres://tms:p%40ss%2Fword@db.internal:5432/tms?sslmode=verify-full"; c.DatabaseURL != want {
		t.Errorf("DatabaseURL = %q, want %q", c.DatabaseURL, want)
	}
	if c.RedisURL != "rediss://cache.internal:6379" || !c.SecureCookies() {
		t.Errorf("RedisURL = %q, secure = %v", c.RedisURL, c.SecureCookies())
	}
	if s := c.String(); strings.Contains(s, "p@ss") || strings.Contains(s, "word") {
		t.Errorf("String() leaks the password: %s", s)
	}
	c, err = Load(env(map[string]string{"DATABASE_URL": "postgres://x@h/db", "REDIS_SECRET_JSON": `{"redis_host":"r","redis_port":6380}`}))
	if err != nil || c.RedisURL != "redis://r:6380" {
		t.Errorf("redis from host/port = %q, %v", c.RedisURL, err)
	}
}

// The ElastiCache AUTH token becomes the URL's password, and never travels without TLS.
func TestLoadRedisAuthToken(t *testing.T) {
	for secret, want := range map[string]string{
		`{"redis_url":"rediss://cache.internal:6379","redis_auth_token":"tok3n"}`:      "rediss://:tok3n@cache.internal:6379",
		`{"redis_host":"cache.internal","redis_port":6379,"redis_auth_token":"tok3n"}`: "rediss://:tok3n@cache.internal:6379",
	} {
		c, err := Load(env(map[string]string{"DATABASE_URL": "postgres://x@h/db", "REDIS_SECRET_JSON": secret}))
		if err != nil || c.RedisURL != want {
			t.Errorf("%s: RedisURL = %q, %v; want %q", secret, c.RedisURL, err, want)
		}
		if strings.Contains(c.String(), "tok3n") {
			t.Errorf("String() leaks the AUTH token: %s", c.String())
		}
	}
}

// TestMetricsPort: /metrics leaves the public port outside dev unless told otherwise.
func TestMetricsPort(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want int
	}{
		{map[string]string{}, 0},
		{map[string]string{"METRICS_PORT": "9100"}, 9100},
		{map[string]string{"ENV": "staging", "DATABASE_URL": "postgres://h/db", "S3_BUCKET": "b", "AWS_REGION": "us-east-1"}, 9090},
	} {
		c, err := Load(env(tc.env))
		if err != nil || c.MetricsPort != tc.want {
			t.Errorf("Load(%v) = METRICS_PORT %d, %v; want %d", tc.env, c.MetricsPort, err, tc.want)
		}
	}
}

func TestLoadRejectsBadConfig(t *testing.T) {
	cases := []struct {
		env     map[string]string
		wantVar string
	}{
		{map[string]string{"DATABASE_SECRET_JSON": "{bad"}, "DATABASE_SECRET_JSON"},
		{map[string]string{"DATABASE_SECRET_JSON": `{"username":"u","password":"secret-pw","host":"h","port":5432}`}, "DATABASE_SECRET_JSON"},
		{map[string]string{"DATABASE_SECRET_JSON": `{"username":"u","password":"secret-pw","host":"h","port":"x","dbname":"d"}`}, "DATABASE_SECRET_JSON"},
		{map[string]string{"DATABASE_URL": "mysql://h/db"}, "DATABASE_URL"},
		{map[string]string{"DATABASE_URL": "postgres://h/db", "DATABASE_SECRET_JSON": "{}"}, "DATABASE_URL"},
		{map[string]string{"REDIS_SECRET_JSON": "[1]", "DATABASE_URL": "postgres://h/db"}, "REDIS_SECRET_JSON"},
		{map[string]string{"REDIS_SECRET_JSON": `{"redis_port":"1"}`, "DATABASE_URL": "postgres://h/db"}, "REDIS_SECRET_JSON"},
		{map[string]string{"REDIS_URL": "http://x", "DATABASE_URL": "postgres://h/db"}, "REDIS_URL"},
		{map[string]string{"REDIS_URL": "redis://x"}, "REDIS_URL"},
		{map[string]string{"PORT": "0"}, "PORT"},
		{map[string]string{"PORT": "80a"}, "PORT"},
		{map[string]string{"TRACKING_PORT": "8000"}, "TRACKING_PORT"},
		{map[string]string{"METRICS_PORT": "8000"}, "METRICS_PORT"},
		{map[string]string{"ENV": "production"}, "ENV"},
		{map[string]string{"ENV": "prod"}, "DATABASE_SECRET_JSON"},
		{map[string]string{"ENV": "prod", "DATABASE_URL": "postgres://h/db"}, "S3_BUCKET"},
		{map[string]string{"S3_BUCKET": "b"}, "AWS_REGION"},
		{map[string]string{"S3_ENDPOINT": "http://localhost:9000"}, "S3_ENDPOINT"},
		{map[string]string{"MAX_UPLOAD_MB": "-1"}, "MAX_UPLOAD_MB"},
		{map[string]string{"LOG_LEVEL": "loud"}, "LOG_LEVEL"},
		{map[string]string{"OSRM_URL": "::"}, "OSRM_URL"},
		{map[string]string{"REQUEST_TIMEOUT": "4"}, "REQUEST_TIMEOUT"},
		{map[string]string{"REQUEST_TIMEOUT": "10m"}, "REQUEST_TIMEOUT"},
		{map[string]string{"TMS_DEMO": "maybe"}, "TMS_DEMO"},
		{map[string]string{"TMS_DEMO_DRIVE": "yes"}, "TMS_DEMO_DRIVE"},
		{map[string]string{"TMS_DEMO_SPEEDUP": "0.5"}, "TMS_DEMO_SPEEDUP"},
		{map[string]string{"WEBHOOK_WORKER_INTERVAL": "0s"}, "WEBHOOK_WORKER_INTERVAL"},
		{map[string]string{"WEBHOOK_POSITION_INTERVAL": "5"}, "WEBHOOK_POSITION_INTERVAL"},
		{map[string]string{"WEBHOOK_ALLOW_PRIVATE_URLS": "sometimes"}, "WEBHOOK_ALLOW_PRIVATE_URLS"},
	}
	for _, tc := range cases {
		_, err := Load(env(tc.env))
		e, ok := err.(*Error)
		if !ok || e.Var != tc.wantVar {
			t.Errorf("Load(%v) = %v, want an error naming %s", tc.env, err, tc.wantVar)
			continue
		}
		if strings.Contains(err.Error(), "secret-pw") || strings.Contains(err.Error(), "\n") {
			t.Errorf("error %q leaks a secret or spans lines", err)
		}
	}
}

// Outside dev the certificate is verified unless the operator says otherwise; dev keeps the
// driver's default; the CA bundle goes into the URL for the driver to load.
func TestLoadDatabaseTLS(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"DATABASE_URL": "postgres://u@db/tms"}, "postgres://u@db/tms"},
		{map[string]string{"ENV": "staging", "DATABASE_URL": "postgres://u@db/tms"}, "postgres://u@db/tms?sslmode=verify-full"},
		{map[string]string{"ENV": "staging", "DATABASE_URL": "postgres://u@db/tms?sslmode=disable"}, "postgres://u@db/tms?sslmode=disable"},
		{map[string]string{"ENV": "staging", "DATABASE_URL": "postgres://u@db/tms?sslmode=disable", "DATABASE_SSLMODE": "require"}, "postgres://u@db/tms?sslmode=require"},
		{map[string]string{"DATABASE_URL": "postgres://u@db/tms", "DATABASE_SSLMODE": "verify-full", "DATABASE_SSLROOTCERT": "/etc/ssl/certs/rds.pem"},
			"postgres://u@db/tms?sslmode=verify-full&sslrootcert=%2Fetc%2Fssl%2Fcerts%2Frds.pem"},
	}
	for _, tc := range cases {
		c, err := Load(env(tc.env))
		if err != nil || c.DatabaseURL != tc.want {
			t.Errorf("%v: DatabaseURL = %q, %v; want %q", tc.env, c.DatabaseURL, err, tc.want)
		}
	}
}

func TestLoadRejectsBadTLS(t *testing.T) {
	cases := []struct {
		env     map[string]string
		wantVar string
	}{
		{map[string]string{"DATABASE_URL": "postgres://u@db/tms", "DATABASE_SSLMODE": "verify"}, "DATABASE_SSLMODE"},
		{map[string]string{"DATABASE_URL": "postgres://u@db/tms", "DATABASE_SSLMODE": "require", "DATABASE_SSLROOTCERT": "/ca.pem"}, "DATABASE_SSLROOTCERT"},
		{map[string]string{"DATABASE_URL": "postgres://u@db/tms", "REDIS_URL": "redis://r:6379", "REDIS_TLS_CA_FILE": "/ca.pem"}, "REDIS_TLS_CA_FILE"},
	}
	for _, tc := range cases {
		_, err := Load(env(tc.env))
		var ce *Error
		if !errors.As(err, &ce) || ce.Var != tc.wantVar {
			t.Errorf("%v: err = %v, want one about %s", tc.env, err, tc.wantVar)
		}
	}
}

// The demo data and its driver are on for an embedded installation; production drives demo
// trucks only when asked, and TMS_DEMO=off / TMS_DEMO_DRIVE=off turn them off.
func TestLoadDemo(t *testing.T) {
	pg := "postgres://h/db"
	cases := []struct {
		env  map[string]string
		want Demo
	}{
		{nil, Demo{Data: true, Drive: true, Speedup: 30}},
		{map[string]string{"TMS_DEMO": "off", "TMS_DEMO_DRIVE": "off"}, Demo{Data: false, Drive: false, Speedup: 30}},
		{map[string]string{"DATABASE_URL": pg}, Demo{Data: true, Drive: false, Speedup: 30}},
		{map[string]string{"DATABASE_URL": pg, "TMS_DEMO_DRIVE": "on", "TMS_DEMO_SPEEDUP": "120"}, Demo{Data: true, Drive: true, Speedup: 120}},
		{map[string]string{"ENV": "prod", "DATABASE_URL": pg, "S3_BUCKET": "b", "AWS_REGION": "us-east-1"}, Demo{Data: true, Drive: false, Speedup: 30}},
	}
	for _, tc := range cases {
		c, err := Load(env(tc.env))
		if err != nil || c.Demo != tc.want {
			t.Errorf("Load(%v).Demo = %+v, %v; want %+v", tc.env, c.Demo, err, tc.want)
		}
	}
}
