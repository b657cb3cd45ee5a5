package main

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// runHealthcheck lets the container HEALTHCHECK probe the server without curl in the image.
func runHealthcheck(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "healthcheck", "healthcheck")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("http://127.0.0.1:%d/health", env.cfg.Port), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("/health answered %d", resp.StatusCode)
	}
	return nil
}
