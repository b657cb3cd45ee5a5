package app

import (
	"context"

	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/config"
	"github.com/anditms/tms/internal/documents"
	"github.com/anditms/tms/internal/s3"
	"github.com/anditms/tms/internal/tms"
)

// newDocuments sets up document storage: a local directory under DATA_DIR, or the S3 bucket
// (path-style addressing when S3_ENDPOINT names an S3-compatible server). Nothing is
// contacted here; the "storage" readiness check pings it.
func newDocuments(ctx context.Context, cfg config.Config, s tms.Store) (*documents.Service, error) {
	blobs, err := openBlobs(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &documents.Service{Store: s, Blobs: blobs, MaxBytes: cfg.MaxUploadBytes, CarrierName: cfg.CarrierName}, nil
}

func openBlobs(ctx context.Context, cfg config.Config) (blob.Store, error) {
	if cfg.S3Bucket == "" {
		return blob.NewLocal(cfg.DocumentsDir())
	}
	return s3.New(ctx, s3.Options{Bucket: cfg.S3Bucket, Region: cfg.AWSRegion, Endpoint: cfg.S3Endpoint, PathStyle: cfg.S3Endpoint != ""})
}
