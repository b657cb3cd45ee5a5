package infracheck

import (
	"slices"
	"strings"
)

// attached returns the blocks of type typ whose attr refers to the block at addr: the public
// access block of a bucket, the policy of a bucket.
func attached(m *Module, typ, attr, addr string) []*Block {
	var out []*Block
	for _, b := range m.OfType(typ) {
		if refAddr(b.Value(attr)) == addr {
			out = append(out, b)
		}
	}
	return out
}

// EncryptedAtRest: every database, Redis and bucket encrypts what it stores.
func EncryptedAtRest(m *Module) []string {
	var problems []string
	for _, db := range m.OfType("aws_db_instance") {
		if db.Value("storage_encrypted") != "true" {
			problems = append(problems, db.Addr+": storage_encrypted is not true")
		}
	}
	for _, rg := range m.OfType("aws_elasticache_replication_group") {
		if rg.Value("at_rest_encryption_enabled") != "true" {
			problems = append(problems, rg.Addr+": at_rest_encryption_enabled is not true")
		}
	}
	for _, bucket := range m.OfType("aws_s3_bucket") {
		if !bucketEncrypted(m, bucket.Addr) {
			problems = append(problems, bucket.Addr+": no server-side encryption configuration")
		}
	}
	return problems
}

func bucketEncrypted(m *Module, bucket string) bool {
	for _, sse := range attached(m, "aws_s3_bucket_server_side_encryption_configuration", "bucket", bucket) {
		alg := sse.Value("rule.apply_server_side_encryption_by_default.sse_algorithm")
		if alg == "AES256" || strings.HasPrefix(alg, "aws:kms") {
			return true
		}
	}
	return false
}

// TLSInTransit: Redis takes TLS with AUTH only, PostgreSQL refuses plaintext and the app
// verifies its certificate, every bucket refuses plain HTTP, and HTTPS listeners use a TLS 1.2+
// policy.
func TLSInTransit(m *Module) []string {
	problems := redisTLS(m)
	problems = append(problems, postgresTLS(m)...)
	for _, bucket := range m.OfType("aws_s3_bucket") {
		if !deniesPlainHTTP(m, bucket.Addr) {
			problems = append(problems, bucket.Addr+": no bucket policy denying aws:SecureTransport = false")
		}
	}
	for _, l := range m.OfType("aws_lb_listener") {
		if l.Value("protocol") == "HTTPS" && !strings.Contains(l.Value("ssl_policy"), "TLS13") && !strings.Contains(l.Value("ssl_policy"), "TLS-1-2") {
			problems = append(problems, l.Addr+": ssl_policy "+l.Value("ssl_policy")+" allows TLS below 1.2")
		}
	}
	return problems
}

func redisTLS(m *Module) []string {
	var problems []string
	for _, rg := range m.OfType("aws_elasticache_replication_group") {
		if rg.Value("transit_encryption_enabled") != "true" {
			problems = append(problems, rg.Addr+": transit_encryption_enabled is not true")
		}
		if rg.Value("transit_encryption_mode") == "preferred" {
			problems = append(problems, rg.Addr+`: transit_encryption_mode "preferred" still accepts plaintext`)
		}
		if rg.Value("auth_token") == "" {
			problems = append(problems, rg.Addr+": no auth_token (Redis AUTH)")
		}
	}
	const secret = "aws_secretsmanager_secret_version.redis"
	if b := m.Block(secret); b != nil {
		if url := strings.Trim(b.Value("secret_string.redis_url"), `"`); !strings.HasPrefix(url, "rediss://") {
			problems = append(problems, secret+": redis_url = "+url+", want a rediss:// (TLS) URL")
		}
	}
	return problems
}

// postgresTLS: each database's parameter group sets rds.force_ssl = 1, and each task
// definition asks the app to verify the server's certificate and name.
func postgresTLS(m *Module) []string {
	var problems []string
	for _, db := range m.OfType("aws_db_instance") {
		if !forcesSSL(m.Block(refAddr(db.Value("parameter_group_name")))) {
			problems = append(problems, db.Addr+": its parameter group does not set rds.force_ssl = 1")
		}
	}
	for _, task := range m.OfType("aws_ecs_task_definition") {
		env := containerEnv(task)
		if env["DATABASE_SSLMODE"] != "verify-full" {
			problems = append(problems, task.Addr+": DATABASE_SSLMODE = "+env["DATABASE_SSLMODE"]+", want verify-full")
		}
		if env["DATABASE_SSLROOTCERT"] == "" {
			problems = append(problems, task.Addr+": DATABASE_SSLROOTCERT (the RDS CA bundle) not set")
		}
	}
	return problems
}

func forcesSSL(group *Block) bool {
	if group == nil {
		return false
	}
	for _, p := range group.Nested("parameter") {
		if p.Value("name") == "rds.force_ssl" && p.Value("value") == "1" {
			return true
		}
	}
	return false
}

// deniesPlainHTTP reports whether a policy attached to bucket denies requests made without TLS.
func deniesPlainHTTP(m *Module, bucket string) bool {
	for _, bp := range attached(m, "aws_s3_bucket_policy", "bucket", bucket) {
		doc := m.Block(refAddr(bp.Value("policy")))
		if doc == nil {
			continue
		}
		for _, st := range doc.Nested("statement") {
			if st.Value("effect") == "Deny" && deniesInsecureTransport(st) {
				return true
			}
		}
	}
	return false
}

func deniesInsecureTransport(statement *Block) bool {
	for _, c := range statement.Nested("condition") {
		if c.Value("variable") == "aws:SecureTransport" && c.Value("test") == "Bool" && slices.Equal(values(c.Find("values")), []string{"false"}) {
			return true
		}
	}
	return false
}

// PublicExposure: every bucket blocks public access in all four ways and grants nothing to
// everyone; no database is publicly accessible; no task gets a public IP.
func PublicExposure(m *Module) []string {
	var problems []string
	for _, bucket := range m.OfType("aws_s3_bucket") {
		problems = append(problems, publicBucket(m, bucket.Addr)...)
	}
	for _, db := range m.OfType("aws_db_instance") {
		if db.Value("publicly_accessible") == "true" {
			problems = append(problems, db.Addr+": publicly_accessible")
		}
	}
	for _, svc := range m.OfType("aws_ecs_service") {
		if svc.Value("network_configuration.assign_public_ip") == "true" {
			problems = append(problems, svc.Addr+": tasks get a public IP")
		}
	}
	return problems
}

var publicAccessBlocks = []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"}

func publicBucket(m *Module, bucket string) []string {
	blocks := attached(m, "aws_s3_bucket_public_access_block", "bucket", bucket)
	if len(blocks) == 0 {
		return []string{bucket + ": no public access block"}
	}
	var problems []string
	for _, setting := range publicAccessBlocks {
		if blocks[0].Value(setting) != "true" {
			problems = append(problems, bucket+": "+setting+" is not true")
		}
	}
	for _, acl := range attached(m, "aws_s3_bucket_acl", "bucket", bucket) {
		if a := acl.Value("acl"); strings.HasPrefix(a, "public") || a == "authenticated-read" {
			problems = append(problems, bucket+": acl "+a)
		}
	}
	for _, bp := range attached(m, "aws_s3_bucket_policy", "bucket", bucket) {
		if doc := m.Block(refAddr(bp.Value("policy"))); doc != nil && allowsEveryone(doc) {
			problems = append(problems, bucket+": its policy allows everyone")
		}
	}
	return problems
}

// allowsEveryone reports whether a policy document has an Allow statement for principal "*".
func allowsEveryone(doc *Block) bool {
	for _, st := range doc.Nested("statement") {
		if isDeny(st) {
			continue
		}
		if slices.Contains(values(st.Find("principals.identifiers")), "*") {
			return true
		}
	}
	return false
}

func isDeny(statement *Block) bool { return statement.Value("effect") == "Deny" }

// Backups: databases keep 7 days of backups and a final snapshot, Redis keeps snapshots, and
// the documents bucket is versioned.
func Backups(m *Module) []string {
	var problems []string
	for _, db := range m.OfType("aws_db_instance") {
		if literalInt(db.Value("backup_retention_period")) < 7 {
			problems = append(problems, db.Addr+": backup_retention_period below 7 days")
		}
		if db.Value("skip_final_snapshot") == "true" {
			problems = append(problems, db.Addr+": skip_final_snapshot")
		}
	}
	for _, rg := range m.OfType("aws_elasticache_replication_group") {
		if literalInt(rg.Value("snapshot_retention_limit")) < 1 {
			problems = append(problems, rg.Addr+": no snapshots kept")
		}
	}
	for _, v := range attached(m, "aws_s3_bucket_versioning", "bucket", "aws_s3_bucket.documents") {
		if v.Value("versioning_configuration.status") != "Enabled" {
			problems = append(problems, "aws_s3_bucket.documents: versioning not enabled")
		}
	}
	return problems
}
