// Package s3 is the production blob.Store: documents in an S3 bucket (or an S3-compatible
// server with path-style addressing), through aws-sdk-go-v2 and the default credential chain
// (the ECS task role in production).
package s3

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/tms"
)

// Options selects the bucket and, for an S3-compatible server, its endpoint.
type Options struct {
	Bucket    string
	Region    string // "" = from the environment / shared config
	Endpoint  string // "" = AWS
	PathStyle bool   // bucket in the path, not the host name (S3-compatible servers)
}

// Store keeps each document as one object, encrypted at rest (SSE-S3, AES256), with its
// SHA-256 both as the S3 checksum (verified by the server on upload) and as the user
// metadata "sha256" (hex) for servers that do not return checksums.
type Store struct {
	client  *s3.Client
	presign *s3.PresignClient
	bucket  string
}

var _ blob.Store = (*Store)(nil)

// metaSHA256 is the user metadata key (x-amz-meta-sha256) holding the hex SHA-256.
const metaSHA256 = "sha256"

// New builds a Store; it does not contact the server (Ping does).
func New(ctx context.Context, o Options) (*Store, error) {
	if o.Bucket == "" {
		return nil, tms.Errorf(tms.CodeInvalid, "s3: no bucket")
	}
	load := []func(*config.LoadOptions) error{config.WithHTTPClient(httpClient())}
	if o.Region != "" {
		load = append(load, config.WithRegion(o.Region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, load...)
	if err != nil {
		return nil, fmt.Errorf("s3: load AWS config: %w", err)
	}
	client := s3.NewFromConfig(cfg, func(so *s3.Options) {
		if o.Endpoint != "" {
			so.BaseEndpoint = aws.String(o.Endpoint)
		}
		so.UsePathStyle = o.PathStyle
	})
	return &Store{client: client, presign: s3.NewPresignClient(client), bucket: o.Bucket}, nil
}

// Deadlines of one S3 call: connect, then the first byte of the answer once the request is
// sent; a whole call also gets opTimeout, so a server that stops answering fails it fast.
const (
	dialTimeout   = 3 * time.Second
	answerTimeout = 5 * time.Second
)

func httpClient() *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().
		WithDialerOptions(func(d *net.Dialer) { d.Timeout = dialTimeout }).
		WithTransportOptions(func(t *http.Transport) {
			t.TLSHandshakeTimeout = dialTimeout
			t.ResponseHeaderTimeout = answerTimeout
		})
}

// opTimeout bounds one call that moves size bytes: the answer time plus a second per MiB
// (a slow 1 MiB/s), retries included.
func opTimeout(size int64) time.Duration {
	return answerTimeout + time.Duration(size>>20)*time.Second
}

// Put spools r to an unlinked temp file while hashing it, so that the checksum can be sent
// (and verified by the server) before the body and a failed read never reaches S3; PutObject
// itself is atomic: an upload cut short leaves no object.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) (blob.PutResult, error) {
	if err := blob.CheckKey(key); err != nil {
		return blob.PutResult{}, err
	}
	f, sum, err := spool(ctx, r, size)
	if err != nil {
		return blob.PutResult{}, err
	}
	defer f.Close()
	ctx, cancel := context.WithTimeout(ctx, opTimeout(size))
	defer cancel()
	out, err := s.client.PutObject(ctx, s.putInput(key, contentType, size, sum, f))
	if err != nil {
		return blob.PutResult{}, s.fail("put", key, err)
	}
	return blob.PutResult{VersionID: aws.ToString(out.VersionId), SHA256: hex.EncodeToString(sum), Size: size}, nil
}

// putInput is the request both Put and PresignPut make: the checksum and the encryption
// are part of it (and of the signature).
func (s *Store) putInput(key, contentType string, size int64, sum []byte, body io.Reader) *s3.PutObjectInput {
	if contentType == "" {
		contentType = blob.DefaultContentType
	}
	return &s3.PutObjectInput{
		Bucket:               aws.String(s.bucket),
		Key:                  aws.String(key),
		Body:                 body,
		ContentLength:        aws.Int64(size),
		ContentType:          aws.String(contentType),
		ChecksumSHA256:       aws.String(base64.StdEncoding.EncodeToString(sum)),
		Metadata:             map[string]string{metaSHA256: hex.EncodeToString(sum)},
		ServerSideEncryption: types.ServerSideEncryptionAes256,
	}
}

// spool copies exactly size bytes of r into an unlinked temp file (gone even after a crash)
// and returns it rewound, with the raw SHA-256.
func spool(ctx context.Context, r io.Reader, size int64) (*os.File, []byte, error) {
	f, err := os.CreateTemp("", "tms-s3-put-*")
	if err != nil {
		return nil, nil, fmt.Errorf("s3: spool: %w", err)
	}
	os.Remove(f.Name())
	sum, err := blob.CopyExact(ctx, f, r, size)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	raw, err := hex.DecodeString(sum)
	return f, raw, err
}

// Open streams the object; the SDK verifies the checksum while the body is read.
func (s *Store) Open(ctx context.Context, key string) (io.ReadCloser, blob.ObjectInfo, error) {
	if err := blob.CheckKey(key); err != nil {
		return nil, blob.ObjectInfo{}, err
	}
	ctx, cancel := context.WithCancel(ctx)
	answered := time.AfterFunc(answerTimeout, cancel) // the body may then take as long as the reader needs
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{
		Bucket: aws.String(s.bucket), Key: aws.String(key), ChecksumMode: types.ChecksumModeEnabled,
	})
	if err != nil || !answered.Stop() {
		cancel()
		return nil, blob.ObjectInfo{}, s.fail("open", key, cmp.Or(err, context.DeadlineExceeded))
	}
	h := head{out.ContentLength, out.ContentType, out.ChecksumSHA256, out.VersionId, out.LastModified, out.Metadata}
	return cancelOnClose{out.Body, cancel}, h.info(key), nil
}

// cancelOnClose ends a call's context when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c cancelOnClose) Close() error {
	defer c.cancel()
	return c.ReadCloser.Close()
}

// Stat is HeadObject with the checksum asked for.
func (s *Store) Stat(ctx context.Context, key string) (blob.ObjectInfo, error) {
	if err := blob.CheckKey(key); err != nil {
		return blob.ObjectInfo{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, opTimeout(0))
	defer cancel()
	out, err := s.client.HeadObject(ctx, &s3.HeadObjectInput{
		Bucket: aws.String(s.bucket), Key: aws.String(key), ChecksumMode: types.ChecksumModeEnabled,
	})
	if err != nil {
		return blob.ObjectInfo{}, s.fail("stat", key, err)
	}
	h := head{out.ContentLength, out.ContentType, out.ChecksumSHA256, out.VersionId, out.LastModified, out.Metadata}
	return h.info(key), nil
}

// head is what GetObject and HeadObject both answer.
type head struct {
	size        *int64
	contentType *string
	checksum    *string // base64 SHA-256, when the server returns it
	version     *string
	modTime     *time.Time
	meta        map[string]string
}

func (h head) info(key string) blob.ObjectInfo {
	return blob.ObjectInfo{
		Key:         key,
		Size:        aws.ToInt64(h.size),
		ContentType: aws.ToString(h.contentType),
		SHA256:      h.sha256(),
		VersionID:   aws.ToString(h.version),
		ModTime:     aws.ToTime(h.modTime).UTC(),
	}
}

// sha256 prefers the server's checksum and falls back to the metadata Put wrote.
func (h head) sha256() string {
	if raw, err := base64.StdEncoding.DecodeString(aws.ToString(h.checksum)); err == nil && len(raw) == sha256.Size {
		return hex.EncodeToString(raw)
	}
	return h.meta[metaSHA256]
}

// Delete removes the object (on a versioned bucket: adds a delete marker, the versions stay
// for the bucket's lifecycle rules).
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := blob.CheckKey(key); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, opTimeout(0))
	defer cancel()
	_, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)})
	if err == nil {
		return nil
	}
	if err = s.fail("delete", key, err); tms.ErrorCode(err) == tms.CodeNotFound {
		return nil
	}
	return err
}

// List pages through ListObjectsV2; S3 lists neither content types nor checksums.
func (s *Store) List(ctx context.Context, prefix string, fn func(blob.ObjectInfo) error) error {
	if err := blob.CheckPrefix(prefix); err != nil {
		return err
	}
	pages := s3.NewListObjectsV2Paginator(s.client, &s3.ListObjectsV2Input{Bucket: aws.String(s.bucket), Prefix: aws.String(prefix)})
	for pages.HasMorePages() {
		page, err := s.nextPage(ctx, pages)
		if err != nil {
			return s.fail("list", prefix, err)
		}
		for _, o := range page.Contents {
			info := blob.ObjectInfo{Key: aws.ToString(o.Key), Size: aws.ToInt64(o.Size), ModTime: aws.ToTime(o.LastModified).UTC()}
			if err := fn(info); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Store) nextPage(ctx context.Context, pages *s3.ListObjectsV2Paginator) (*s3.ListObjectsV2Output, error) {
	ctx, cancel := context.WithTimeout(ctx, opTimeout(0))
	defer cancel()
	return pages.NextPage(ctx)
}

// PresignPut signs a PutObject whose content type, length, SHA-256 checksum, metadata and
// encryption are all signed headers: the client must send Header as given, and the server
// refuses another length (signature) or other bytes (checksum).
func (s *Store) PresignPut(ctx context.Context, key, contentType string, size int64, sha256b64 string, expiry time.Duration) (blob.Presigned, bool, error) {
	if err := blob.CheckKey(key); err != nil {
		return blob.Presigned{}, false, err
	}
	sum, err := base64.StdEncoding.DecodeString(sha256b64)
	if err != nil || len(sum) != sha256.Size || size < 0 {
		return blob.Presigned{}, false, tms.Errorf(tms.CodeInvalid, "presign: need a base64 SHA-256 and a size >= 0")
	}
	expires := expiresAt(expiry)
	req, err := s.presign.PresignPutObject(ctx, s.putInput(key, contentType, size, sum, nil), s3.WithPresignExpires(expiry))
	if err != nil {
		return blob.Presigned{}, false, s.fail("presign put", key, err)
	}
	return presigned(req.URL, req.Method, req.SignedHeader, expires), true, nil
}

// PresignGet signs a GetObject whose response carries Content-Disposition: attachment.
func (s *Store) PresignGet(ctx context.Context, key, filename string, expiry time.Duration) (blob.Presigned, bool, error) {
	if err := blob.CheckKey(key); err != nil {
		return blob.Presigned{}, false, err
	}
	expires := expiresAt(expiry)
	req, err := s.presign.PresignGetObject(ctx, &s3.GetObjectInput{
		Bucket:                     aws.String(s.bucket),
		Key:                        aws.String(key),
		ResponseContentDisposition: aws.String(blob.ContentDisposition(filename)),
	}, s3.WithPresignExpires(expiry))
	if err != nil {
		return blob.Presigned{}, false, s.fail("presign get", key, err)
	}
	return presigned(req.URL, req.Method, req.SignedHeader, expires), true, nil
}

// expiresAt is taken before signing: SigV4 dates have whole seconds, so the URL expires at
// the earliest then.
func expiresAt(expiry time.Duration) time.Time {
	return time.Now().UTC().Truncate(time.Second).Add(expiry)
}

// presigned drops Host from the signed headers: the URL carries it and clients cannot set it.
func presigned(url, method string, signed http.Header, expires time.Time) blob.Presigned {
	h := signed.Clone()
	h.Del("Host")
	return blob.Presigned{URL: url, Method: method, Header: h, Expires: expires}
}

// Ping is HeadBucket: the bucket exists and our credentials reach it.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, opTimeout(0))
	defer cancel()
	if _, err := s.client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(s.bucket)}); err != nil {
		return fmt.Errorf("s3: bucket %s: %w", s.bucket, err)
	}
	return nil
}

// fail maps a missing object to tms CodeNotFound and wraps anything else.
func (s *Store) fail(op, key string, err error) error {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && (apiErr.ErrorCode() == "NoSuchKey" || apiErr.ErrorCode() == "NotFound") {
		return &tms.Error{Code: tms.CodeNotFound, Message: fmt.Sprintf("object %s not found", key), Err: err}
	}
	return fmt.Errorf("s3: %s %s in bucket %s: %w", op, key, s.bucket, err)
}
