// Package config turns the process environment into a validated Config. The variable names are
// exactly those the ECS task definition sets (see infra/ecs_alb_api.tf); secrets arrive as the
// JSON documents Secrets Manager stores for RDS and ElastiCache.
package config

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Environments the binary knows; anything but dev gets JSON logs and Secure cookies.
const (
	EnvDev     = "dev"
	EnvStaging = "staging"
	EnvProd    = "prod"
)

// Config is everything the binary needs to start. It holds secrets (DatabaseURL, RedisURL):
// log it only through String.
type Config struct {
	Env          string
	Port         int
	TrackingPort int // second OsmAnd listener for trackers that cannot send a path; 0 = off
	// MetricsPort serves /metrics and pprof apart from the public port, reachable inside
	// the VPC only; 0 (the dev default) serves /metrics on PORT instead, and no pprof.
	MetricsPort int
	DataDir     string
	DatabaseURL string // empty = embedded SQLite under DataDir
	RedisURL    string // empty = sessions, rate limits and pub/sub in process
	RedisCAFile string // CA bundle for a rediss:// server; empty = the system roots
	AWSRegion   string
	S3Bucket    string // empty = documents on local disk under DataDir
	S3Endpoint  string // S3-compatible server (path-style); empty = AWS
	LogLevel    string
	// MaxUploadBytes caps one document upload.
	MaxUploadBytes int64
	// CarrierName is printed on generated bills of lading; empty = the carrier settings' name.
	CarrierName string
	// RetentionDays is how long GPS position history is kept.
	RetentionDays int
	// AverageSpeedMPH feeds ETAs when no routing engine supplies durations.
	AverageSpeedMPH float64
	// Tracking holds the GPS clock and age limits (TRACKING_*).
	Tracking Tracking
	// OSRMURL selects the OSRM router when set; else great-circle x circuity.
	OSRMURL string
	// EIAAPIKey (a secret) lets billing fetch weekly diesel prices from the EIA API; empty =
	// prices are entered by hand or imported from CSV.
	EIAAPIKey string
	// TileURL is the map tile template shown in the web UI.
	TileURL string
	// EDISFTPKeyFile is the carrier's SSH private key (OpenSSH PEM) for partners' SFTP
	// servers; empty = no SFTP exchange runs.
	EDISFTPKeyFile string
	// ShutdownTimeout bounds how long in-flight requests may run after SIGTERM: inside the
	// 10 s a stop must take, well inside the ECS task's stopTimeout.
	ShutdownTimeout time.Duration
	// RequestTimeout bounds each request's wait on the database, Redis and S3 (uploads,
	// imports and exports get LongRequestTimeout; event streams none).
	RequestTimeout time.Duration
	// Demo is the demo data set and the demo driver (demo.go).
	Demo Demo
	// SMTPURL (a secret) is the mail server; empty = messages are written to MailDir.
	SMTPURL string
	// MailFrom is the From of every message.
	MailFrom string
	// Webhooks tunes the outbound webhooks (WEBHOOK_*).
	Webhooks Webhooks
}

// LongRequestTimeout bounds uploads, imports and exports, whose bodies take time to move.
const LongRequestTimeout = 2 * time.Minute

// Embedded reports whether the binary runs without outside services.
func (c Config) Embedded() bool { return c.DatabaseURL == "" }

// SecureCookies reports whether cookies must carry the Secure attribute.
func (c Config) SecureCookies() bool { return c.Env != EnvDev }

// SQLitePath is the embedded database file.
func (c Config) SQLitePath() string { return filepath.Join(c.DataDir, "tms.db") }

// DocumentsDir is where embedded mode keeps document bytes.
func (c Config) DocumentsDir() string { return filepath.Join(c.DataDir, "documents") }

// Error names the variable that is wrong and what is wrong with it, never its value.
type Error struct {
	Var     string
	Problem string
}

func (e *Error) Error() string { return e.Var + ": " + e.Problem }

// Load reads the configuration through getenv (os.Getenv in main, a map in tests) and
// validates it. The first problem found is returned as an *Error.
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		Env:             orDefault(getenv("ENV"), EnvDev),
		DataDir:         orDefault(getenv("DATA_DIR"), "./data"),
		AWSRegion:       getenv("AWS_REGION"),
		S3Bucket:        getenv("S3_BUCKET"),
		S3Endpoint:      getenv("S3_ENDPOINT"),
		CarrierName:     getenv("CARRIER_NAME"),
		LogLevel:        orDefault(getenv("LOG_LEVEL"), "info"),
		OSRMURL:         getenv("OSRM_URL"),
		EIAAPIKey:       getenv("EIA_API_KEY"),
		EDISFTPKeyFile:  getenv("EDI_SFTP_KEY_FILE"),
		TileURL:         orDefault(getenv("MAP_TILE_URL"), "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
		ShutdownTimeout: 8 * time.Second,
	}
	steps := []func(func(string) string, *Config) error{
		loadEnv, loadPorts, loadDatabase, loadDatabaseTLS, loadRedis, loadRedisTLS, loadStorage, loadTuning, loadTracking, loadRequestTimeout, loadLogLevel,
		loadDemo, loadMail, loadWebhooks,
	}
	for _, step := range steps {
		if err := step(getenv, &c); err != nil {
			return Config{}, err
		}
	}
	return c, nil
}

func loadEnv(_ func(string) string, c *Config) error {
	switch c.Env {
	case EnvDev, EnvStaging, EnvProd:
		return nil
	}
	return &Error{"ENV", "must be dev, staging or prod"}
}

func loadPorts(getenv func(string) string, c *Config) error {
	var err error
	if c.Port, err = port(getenv, "PORT", 8000); err != nil {
		return err
	}
	if c.TrackingPort, err = port(getenv, "TRACKING_PORT", 0); err != nil {
		return err
	}
	if c.TrackingPort != 0 && c.TrackingPort == c.Port {
		return &Error{"TRACKING_PORT", "must differ from PORT"}
	}
	metrics := 9090 // outside dev, /metrics never answers on the public port
	if c.Env == EnvDev {
		metrics = 0
	}
	if c.MetricsPort, err = port(getenv, "METRICS_PORT", metrics); err != nil {
		return err
	}
	if c.MetricsPort != 0 && (c.MetricsPort == c.Port || c.MetricsPort == c.TrackingPort) {
		return &Error{"METRICS_PORT", "must differ from PORT and TRACKING_PORT"}
	}
	return nil
}

func port(getenv func(string) string, name string, def int) (int, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	p, err := strconv.Atoi(v)
	if err != nil || p < 1 || p > 65535 {
		return 0, &Error{name, "must be a port number between 1 and 65535"}
	}
	return p, nil
}

func loadDatabase(getenv func(string) string, c *Config) error {
	secret, direct := getenv("DATABASE_SECRET_JSON"), getenv("DATABASE_URL")
	switch {
	case secret != "" && direct != "":
		return &Error{"DATABASE_URL", "set either DATABASE_URL or DATABASE_SECRET_JSON, not both"}
	case secret != "":
		u, err := databaseURLFromSecret(secret)
		if err != nil {
			return err
		}
		c.DatabaseURL = u
	case direct != "":
		u, err := url.Parse(direct)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
			return &Error{"DATABASE_URL", "must be a postgres:// URL with a host"}
		}
		c.DatabaseURL = direct
	}
	if c.DatabaseURL == "" && c.Env == EnvProd {
		return &Error{"DATABASE_SECRET_JSON", "ENV=prod needs a PostgreSQL database (DATABASE_SECRET_JSON or DATABASE_URL)"}
	}
	return nil
}

func loadRedis(getenv func(string) string, c *Config) error {
	secret, direct := getenv("REDIS_SECRET_JSON"), getenv("REDIS_URL")
	switch {
	case secret != "" && direct != "":
		return &Error{"REDIS_URL", "set either REDIS_URL or REDIS_SECRET_JSON, not both"}
	case secret != "":
		u, err := redisURLFromSecret(secret)
		if err != nil {
			return err
		}
		c.RedisURL = u
	case direct != "":
		if err := checkRedisURL(direct); err != nil {
			return &Error{"REDIS_URL", err.Error()}
		}
		c.RedisURL = direct
	}
	if c.RedisURL != "" && c.DatabaseURL == "" {
		return &Error{"REDIS_URL", "Redis is only used with a PostgreSQL database; embedded mode keeps sessions in SQLite"}
	}
	return nil
}

func loadStorage(_ func(string) string, c *Config) error {
	if c.S3Bucket == "" {
		if c.S3Endpoint != "" {
			return &Error{"S3_ENDPOINT", "needs S3_BUCKET"}
		}
		if c.Env == EnvProd && !c.Embedded() {
			return &Error{"S3_BUCKET", "ENV=prod needs a documents bucket"}
		}
		return nil
	}
	if c.AWSRegion == "" {
		return &Error{"AWS_REGION", "needs to be set when S3_BUCKET is"}
	}
	if c.S3Endpoint != "" {
		if u, err := url.Parse(c.S3Endpoint); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return &Error{"S3_ENDPOINT", "must be an http(s) URL"}
		}
	}
	return nil
}

func loadTuning(getenv func(string) string, c *Config) error {
	var err error
	if c.MaxUploadBytes, err = positiveInt(getenv, "MAX_UPLOAD_MB", 25); err != nil {
		return err
	}
	c.MaxUploadBytes <<= 20
	retention, err := positiveInt(getenv, "POSITION_RETENTION_DAYS", 180)
	if err != nil {
		return err
	}
	c.RetentionDays = int(retention)
	speed, err := positiveInt(getenv, "AVERAGE_SPEED_MPH", 50)
	if err != nil {
		return err
	}
	c.AverageSpeedMPH = float64(speed)
	if c.OSRMURL != "" {
		if u, err := url.Parse(c.OSRMURL); err != nil || u.Host == "" {
			return &Error{"OSRM_URL", "must be an http(s) URL"}
		}
	}
	return nil
}

func loadRequestTimeout(getenv func(string) string, c *Config) error {
	c.RequestTimeout = 4 * time.Second
	v := getenv("REQUEST_TIMEOUT")
	if v == "" {
		return nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Second || d > LongRequestTimeout {
		return &Error{"REQUEST_TIMEOUT", "must be a duration between 1s and 2m, such as 4s"}
	}
	c.RequestTimeout = d
	return nil
}

func positiveInt(getenv func(string) string, name string, def int64) (int64, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, &Error{name, "must be a positive whole number"}
	}
	return n, nil
}

func loadLogLevel(_ func(string) string, c *Config) error {
	switch strings.ToLower(c.LogLevel) {
	case "debug", "info", "warn", "error":
		return nil
	}
	return &Error{"LOG_LEVEL", "must be debug, info, warn or error"}
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// String describes the configuration without any secret.
func (c Config) String() string {
	db, redis, docs := "sqlite "+c.SQLitePath(), "in-process", "local "+c.DocumentsDir()
	if c.DatabaseURL != "" {
		db = "postgres " + hostOf(c.DatabaseURL)
	}
	if c.RedisURL != "" {
		redis = hostOf(c.RedisURL)
	}
	if c.S3Bucket != "" {
		docs = "s3://" + c.S3Bucket
	}
	mail := "folder " + c.MailDir()
	if c.SMTPURL != "" {
		mail = "smtp " + hostOf(c.SMTPURL)
	}
	return fmt.Sprintf("env=%s port=%d database=%s redis=%s documents=%s mail=%s", c.Env, c.Port, db, redis, docs, mail)
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable)"
	}
	return u.Host
}
