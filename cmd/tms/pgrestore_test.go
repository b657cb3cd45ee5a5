package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"github.com/anditms/tms/internal/s3/s3test"
	"github.com/anditms/tms/internal/testenv"
)

// The production procedure of docs/RUNBOOK.md ("Logical backup and restore"), run against a
// real PostgreSQL and S3: the demo data set is dumped with pg_dump -Fc and restored with
// pg_restore into a new database, which then holds the same rows and whose documents
// `tms docs verify` finds intact in the bucket; a document deleted by mistake comes back by
// removing its delete marker (bucket versioning). The durations are logged: the RTO table of
// the runbook is measured with them.
func TestPostgresDumpRestoreProcedure(t *testing.T) {
	base := testenv.Require(t, "TMS_TEST_POSTGRES_URL")
	if base == "" {
		t.Skip("TMS_TEST_POSTGRES_URL not set")
	}
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s not installed: .ci/run installs PostgreSQL 15 with its client tools", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
	endpoint, bucket := s3test.Bucket(t)
	source, target := database(t, base, "src"), database(t, base, "dst")
	env := func(db string) func(string) string {
		return func(k string) string {
			return map[string]string{"DATABASE_URL": db, "S3_BUCKET": bucket, "S3_ENDPOINT": endpoint,
				"AWS_REGION": os.Getenv("AWS_REGION"), "DATA_DIR": t.TempDir(), "LOG_LEVEL": "error"}[k]
		}
	}
	runIn(t, env(source), "seed", "--demo")

	dump := filepath.Join(t.TempDir(), "tms.dump")
	began := time.Now()
	shell(t, "pg_dump", "-Fc", "--no-owner", "--no-privileges", "-f", dump, "-d", source)
	dumped := time.Since(began)
	began = time.Now()
	shell(t, "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "-d", target, dump)
	restored := time.Since(began)
	fi, _ := os.Stat(dump)
	t.Logf("pg_dump -Fc %v (%d bytes), pg_restore %v", dumped.Round(time.Millisecond), fi.Size(), restored.Round(time.Millisecond))

	if diff := cmp.Diff(contents(t, source), contents(t, target)); diff != "" {
		t.Errorf("restored database differs (-source +restored):\n%s", diff)
	}
	runIn(t, env(target), "docs", "verify")

	key := deleteOneObject(t, endpoint, bucket)
	if code, out := runCode(env(target), "docs", "verify"); code != 1 || !strings.Contains(out, key) {
		t.Fatalf("docs verify after deleting %s: exit %d, %s; want 1 naming it", key, code, out)
	}
	undelete(t, endpoint, bucket, key)
	runIn(t, env(target), "docs", "verify")
}

// database creates an empty database with PostGIS beside base's, dropped after the test.
func database(t *testing.T, base, suffix string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	name := strings.TrimPrefix(u.Path, "/") + "_" + suffix + "_" + hex.EncodeToString(b)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop %s: %v", name, err)
		}
		admin.Close(ctx)
	})
	u.Path = "/" + name
	db, err := pgx.Connect(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	if _, err := db.Exec(ctx, "CREATE EXTENSION postgis"); err != nil {
		t.Fatal(err)
	}
	return u.String()
}

func runIn(t *testing.T, getenv func(string) string, args ...string) {
	t.Helper()
	if code, out := runCode(getenv, args...); code != 0 {
		t.Fatalf("tms %s: exit %d\n%s", strings.Join(args, " "), code, out)
	}
}

func runCode(getenv func(string) string, args ...string) (int, string) {
	var out strings.Builder
	code := run(args, getenv, &out, &out)
	return code, out.String()
}

func shell(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
}

// contents is every table of the public schema (but PostGIS's own) as sorted row texts.
func contents(t *testing.T, db string) map[string]string {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	rows, err := c.Query(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'spatial_ref_sys'`)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, name := range names {
		var digest string
		q := `SELECT COUNT(*) || ' rows, md5 ' || COALESCE(md5(string_agg(t::text, E'\n' ORDER BY t::text)), '-') FROM ` + pgx.Identifier{name}.Sanitize() + ` t`
		if err := c.QueryRow(ctx, q).Scan(&digest); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got[name] = digest
	}
	if got["documents"] == "" || strings.HasPrefix(got["documents"], "0 ") {
		t.Fatalf("%s has no documents to compare: %v", db, got)
	}
	return got
}

// deleteOneObject deletes the first document object (a delete marker on a versioned bucket).
func deleteOneObject(t *testing.T, endpoint, bucket string) string {
	t.Helper()
	ctx := context.Background()
	c := s3test.Client(t, endpoint)
	out, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), MaxKeys: aws.Int32(1)})
	if err != nil || len(out.Contents) == 0 {
		t.Fatalf("list %s: %v (%d objects)", bucket, err, len(out.Contents))
	}
	key := aws.ToString(out.Contents[0].Key)
	if _, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}); err != nil {
		t.Fatal(err)
	}
	return key
}

// undelete removes key's delete marker, as the runbook's "Restore a document" does.
func undelete(t *testing.T, endpoint, bucket, key string) {
	t.Helper()
	ctx := context.Background()
	c := s3test.Client(t, endpoint)
	out, err := c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket), Prefix: aws.String(key)})
	if err != nil || len(out.DeleteMarkers) == 0 {
		t.Fatalf("versions of %s: %v, %d delete markers", key, err, len(out.DeleteMarkers))
	}
	_, err = c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), VersionId: out.DeleteMarkers[0].VersionId})
	if err != nil {
		t.Fatal(err)
	}
}
