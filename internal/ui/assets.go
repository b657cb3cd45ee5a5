package ui

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"path"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// static holds our own CSS and JS and the vendor libraries under static/vendor/: htmx and
// Leaflet as pinned by package-lock.json, committed (`npm ci && npm run build` rewrites them;
// CI fails when the committed copy differs), so `go run` serves the whole UI without npm.
//
//go:embed static
var staticFiles embed.FS

// assets knows every static file and its content hash, computed once at start.
type assets struct {
	fsys   fs.FS
	hashes map[string]string // file name -> first 12 hex digits of its SHA-256
}

// newAssets indexes the files below dir of fsys; dir's files are served under /static/.
func newAssets(fsys fs.FS, dir string) (*assets, error) {
	fsys, err := fs.Sub(fsys, dir)
	if err != nil {
		return nil, err
	}
	a := &assets{fsys: fsys, hashes: map[string]string{}}
	err = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		a.hashes[name] = hex.EncodeToString(sum[:])[:12]
		return nil
	})
	return a, err
}

func (a *assets) has(name string) bool {
	_, ok := a.hashes[name]
	return ok
}

// url is the cache-busting URL of a static file, "" when the file does not exist.
func (a *assets) url(name string) string {
	h, ok := a.hashes[name]
	if !ok {
		return ""
	}
	return "/static/" + name + "?v=" + h
}

// funcs are the template functions about static files: `asset "app.css"`.
func (a *assets) funcs() template.FuncMap {
	return template.FuncMap{"asset": a.url}
}

// static serves a file. A URL carrying the file's current hash is cached for a year; any
// other URL (an old hash, or a relative one such as Leaflet's images) is revalidated.
func (u *UI) static(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("path")
	h, ok := u.assets.hashes[name]
	if !ok {
		return tms.NotFound("file", name)
	}
	f, err := u.assets.fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	cache := "no-cache"
	if r.URL.Query().Get("v") == h {
		cache = "public, max-age=31536000, immutable"
	}
	w.Header().Set("Cache-Control", cache)
	w.Header().Set("ETag", `"`+h+`"`)
	http.ServeContent(w, r, path.Base(name), time.Time{}, f.(io.ReadSeeker))
	return nil
}
