package testenv

import (
	"fmt"
	"net"
	"os"
	osexec "os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// TLSRedis starts a redis-server that takes only TLS connections with AUTH password, its
// certificate for localhost signed by a fresh CA; it returns the address and the CA file.
// Without redis-server it skips locally and fails under CI.
func TLSRedis(t testing.TB, password string) (addr string, tlsFiles TLSFiles) {
	t.Helper()
	bin := requireBinary(t, "redis-server")
	dir := t.TempDir()
	tlsFiles = NewTLSFiles(t, dir, "localhost")
	port := freePort(t)
	cmd := osexec.Command(bin, "--bind", "127.0.0.1", "--port", "0", "--tls-port", strconv.Itoa(port),
		"--tls-cert-file", tlsFiles.Cert, "--tls-key-file", tlsFiles.Key, "--tls-ca-cert-file", tlsFiles.CA,
		"--tls-auth-clients", "no", "--requirepass", password, "--save", "", "--appendonly", "no", "--dir", dir)
	log := start(t, cmd, syscall.SIGTERM)
	return waitListening(t, port, log), tlsFiles
}

// TLSPostgres starts a throwaway PostgreSQL cluster that accepts only TLS connections (hostssl
// in pg_hba.conf, like RDS with rds.force_ssl), user postgres without a password, its
// certificate for localhost signed by a fresh CA. It returns the port and the CA file. As root
// (CI) the cluster runs as the postgres user. Without initdb it skips locally and fails under CI.
func TLSPostgres(t testing.TB) (port int, tlsFiles TLSFiles) {
	t.Helper()
	initdb, err := filepath.EvalSymlinks(requireBinary(t, "initdb"))
	if err != nil {
		t.Fatal(err)
	}
	// The PostgreSQL binaries sit together only in initdb's real directory.
	postgres := filepath.Join(filepath.Dir(initdb), "postgres")
	dir := sharedTempDir(t)
	tlsFiles = NewTLSFiles(t, dir, "localhost")
	data := filepath.Join(dir, "data")
	cred := postgresCredential(t, dir, tlsFiles)
	initCmd := osexec.Command(initdb, "-D", data, "-U", "postgres", "--auth=trust", "--no-sync")
	initCmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initCmd.CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	hba := "hostssl all all 127.0.0.1/32 trust\nhostssl all all ::1/128 trust\n"
	if err := os.WriteFile(filepath.Join(data, "pg_hba.conf"), []byte(hba), 0o600); err != nil {
		t.Fatal(err)
	}
	chown(t, filepath.Join(data, "pg_hba.conf"), cred)
	port = freePort(t)
	cmd := osexec.Command(postgres, "-D", data, "-p", strconv.Itoa(port), "-k", dir,
		"-c", "listen_addresses=127.0.0.1", "-c", "ssl=on", "-c", "fsync=off",
		"-c", "ssl_cert_file="+tlsFiles.Cert, "-c", "ssl_key_file="+tlsFiles.Key)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	log := start(t, cmd, syscall.SIGINT) // SIGINT: PostgreSQL's fast shutdown
	waitReady(t, filepath.Join(filepath.Dir(initdb), "pg_isready"), port, log)
	return port, tlsFiles
}

// waitReady waits up to 30 s for the cluster on port to accept connections (past recovery).
func waitReady(t testing.TB, pgIsReady string, port int, log string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if osexec.Command(pgIsReady, "-q", "-h", "127.0.0.1", "-p", strconv.Itoa(port)).Run() == nil {
			return
		}
	}
	t.Fatalf("PostgreSQL on port %d not ready after 30 s:\n%s", port, readLog(log))
}

// requireBinary finds name on PATH or in PostgreSQL's Debian directory.
func requireBinary(t testing.TB, name string) string {
	t.Helper()
	if p, err := osexec.LookPath(name); err == nil {
		return p
	}
	if matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name); len(matches) > 0 {
		return matches[len(matches)-1]
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s must be installed when CI=true (see .ci/run)", name)
	}
	t.Skipf("%s not installed", name)
	return ""
}

// sharedTempDir is a temporary directory another user (postgres) can enter.
func sharedTempDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "tms-tls-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// postgresCredential is who runs the cluster: nobody else when not root, else the postgres
// user, who then must own the directory and the certificate files.
func postgresCredential(t testing.TB, dir string, f TLSFiles) *syscall.Credential {
	t.Helper()
	if os.Geteuid() != 0 {
		return nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		t.Fatalf("running as root needs a postgres user: %v", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	cred := &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	for _, p := range []string{dir, f.CA, f.Cert, f.Key} {
		chown(t, p, cred)
	}
	return cred
}

func chown(t testing.TB, path string, cred *syscall.Credential) {
	t.Helper()
	if cred == nil {
		return
	}
	if err := os.Chown(path, int(cred.Uid), int(cred.Gid)); err != nil {
		t.Fatal(err)
	}
}

// start runs cmd until the test ends, then stops it with sig and waits for it. It returns the
// file its output goes to.
func start(t testing.TB, cmd *osexec.Cmd, sig os.Signal) string {
	t.Helper()
	out, err := os.CreateTemp("", "tms-server-*.log")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { out.Close(); os.Remove(out.Name()) })
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(sig)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
		}
	})
	return out.Name()
}

func readLog(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// waitListening waits up to 20 s for 127.0.0.1:port to accept connections.
func waitListening(t testing.TB, port int, log string) string {
	t.Helper()
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return addr
		}
	}
	t.Fatalf("nothing listens on %s after 20 s:\n%s", addr, readLog(log))
	return ""
}
