package sftp_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/anditms/tms/internal/sftp"
	"github.com/anditms/tms/internal/sftp/sftptest"
)

func TestFetchAndPut(t *testing.T) {
	srv := sftptest.Start(t)
	e := srv.Endpoint()
	must(t, os.WriteFile(filepath.Join(e.InboundDir, "204.edi"), []byte("ISA*..."), 0o644))
	m, err := sftp.Dial(context.Background(), e, srv.Client, 10*time.Second)
	must(t, err)
	defer m.Close()

	var got []string
	must(t, m.Fetch(context.Background(), func(name string, data []byte) error {
		got = append(got, name+"="+string(data))
		return nil
	}))
	if len(got) != 1 || got[0] != "204.edi=ISA*..." {
		t.Errorf("fetched %q", got)
	}
	if left, _ := os.ReadDir(e.InboundDir); len(left) != 0 {
		t.Errorf("%d files left in the inbound directory after fetching", len(left))
	}
	must(t, m.Put(context.Background(), "990_000000001.edi", []byte("ISA*990")))
	out, err := os.ReadFile(filepath.Join(e.OutboundDir, "990_000000001.edi"))
	if err != nil || string(out) != "ISA*990" {
		t.Errorf("put: %q %v", out, err)
	}
	if _, err := os.Stat(filepath.Join(e.OutboundDir, "990_000000001.edi.part")); !os.IsNotExist(err) {
		t.Errorf("the temporary name is left behind: %v", err)
	}
}

// A file whose processing fails stays on the server for the next pass.
func TestFetchKeepsWhatFailed(t *testing.T) {
	srv := sftptest.Start(t)
	e := srv.Endpoint()
	must(t, os.WriteFile(filepath.Join(e.InboundDir, "204.edi"), []byte("ISA"), 0o644))
	m, err := sftp.Dial(context.Background(), e, srv.Client, 10*time.Second)
	must(t, err)
	defer m.Close()
	if err := m.Fetch(context.Background(), func(string, []byte) error { return os.ErrInvalid }); err == nil {
		t.Fatal("a failed take was not reported")
	}
	if _, err := os.Stat(filepath.Join(e.InboundDir, "204.edi")); err != nil {
		t.Errorf("the file was removed although taking it failed: %v", err)
	}
}

func TestDialRefusesAnotherHostKey(t *testing.T) {
	srv, other := sftptest.Start(t), sftptest.Start(t)
	e := srv.Endpoint()
	e.HostKey = other.HostKey
	if _, err := sftp.Dial(context.Background(), e, srv.Client, 5*time.Second); err == nil {
		t.Fatal("a server with another host key was trusted")
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
