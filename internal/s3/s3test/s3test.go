// Package s3test gives tests outside internal/s3 a fresh bucket on the S3-compatible server
// that .ci/s3.sh starts (TMS_TEST_S3_ENDPOINT, TMS_TEST_S3_BUCKET as a name prefix, and the
// AWS_* credentials it exports).
package s3test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	tmss3 "github.com/anditms/tms/internal/s3"
	"github.com/anditms/tms/internal/testenv"
)

// Bucket creates a uniquely named, versioned bucket and removes it with every object version
// after the test. Without TMS_TEST_S3_ENDPOINT the test is skipped (and fails under CI).
func Bucket(t testing.TB) (endpoint, bucket string) {
	t.Helper()
	endpoint = testenv.Require(t, "TMS_TEST_S3_ENDPOINT")
	if endpoint == "" {
		t.Skip("TMS_TEST_S3_ENDPOINT not set: source .ci/s3.sh to run the S3 tests")
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	bucket = os.Getenv("TMS_TEST_S3_BUCKET") + "-" + hex.EncodeToString(b)
	ctx := context.Background()
	client := Client(t, endpoint)
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatalf("CreateBucket %s: %v", bucket, err)
	}
	t.Cleanup(func() { removeBucket(t, client, bucket) })
	_, err := client.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{
		Bucket:                  aws.String(bucket),
		VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled},
	})
	if err != nil {
		t.Fatalf("PutBucketVersioning %s: %v", bucket, err)
	}
	return endpoint, bucket
}

// Open returns a Store on bucket through endpoint (the server, or a proxy in front of it).
func Open(t testing.TB, endpoint, bucket string) *tmss3.Store {
	t.Helper()
	s, err := tmss3.New(context.Background(), tmss3.Options{Bucket: bucket, Region: os.Getenv("AWS_REGION"), Endpoint: endpoint, PathStyle: true})
	if err != nil {
		t.Fatalf("s3.New: %v", err)
	}
	return s
}

// Client is a plain S3 client on endpoint, to look at a bucket behind a Store's back.
func Client(t testing.TB, endpoint string) *s3.Client {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion(os.Getenv("AWS_REGION")))
	if err != nil {
		t.Fatalf("AWS config: %v", err)
	}
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(endpoint)
		o.UsePathStyle = true
	})
}

// removeBucket deletes every version and delete marker, then the bucket.
func removeBucket(t testing.TB, client *s3.Client, bucket string) {
	ctx := context.Background()
	pages := s3.NewListObjectVersionsPaginator(client, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			t.Errorf("listing versions of %s: %v", bucket, err)
			return
		}
		for _, v := range page.Versions {
			deleteVersion(t, client, bucket, v.Key, v.VersionId)
		}
		for _, m := range page.DeleteMarkers {
			deleteVersion(t, client, bucket, m.Key, m.VersionId)
		}
	}
	if _, err := client.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Errorf("DeleteBucket %s: %v", bucket, err)
	}
}

func deleteVersion(t testing.TB, client *s3.Client, bucket string, key, version *string) {
	_, err := client.DeleteObject(context.Background(), &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: key, VersionId: version})
	if err != nil {
		t.Errorf("deleting %s version %s: %v", aws.ToString(key), aws.ToString(version), err)
	}
}
