package redis_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/auth/authtest"
	"github.com/anditms/tms/internal/redis"
	"github.com/anditms/tms/internal/testenv"
)

func TestLimiter(t *testing.T) {
	url := testenv.Require(t, "TMS_TEST_REDIS_URL")
	if url == "" {
		t.Skip("TMS_TEST_REDIS_URL not set")
	}
	c, err := redis.Open(context.Background(), url, "")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	authtest.RunLimiter(t, func(now func() time.Time) auth.Limiter {
		// a prefix of its own: keys of other cases and earlier runs hold other clocks' times
		return redis.NewLimiter(c, fmt.Sprintf("test:limiter:%d:", time.Now().UnixNano()), now)
	})
}

func TestOpenRefusesBadURLWithoutEchoingIt(t *testing.T) {
	_, err := redis.Open(context.Background(), "redis://:secret-pw@127.0.0.1:1/0", "")
	if err == nil {
		t.Fatal("connected to a closed port")
	}
	if got := err.Error(); strings.Contains(got, "secret-pw") {
		t.Errorf("error %q leaks the password", got)
	}
}
