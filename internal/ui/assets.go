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
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// static holds our own CSS and JS and, after `npm ci && npm run build`, the vendor libraries
// under static/vendor/ (gitignored). A checkout without them still builds and serves pages.
//
//go:embed static
var staticFiles embed.FS

// vendorDir is where the npm build copies third-party files, relative to static/.
const vendorDir = "vendor/"

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

// url is the cache-busting URL of a static file, "" when the file does not exist (a vendor
// library the npm build has not copied).
func (a *assets) url(name string) string {
	h, ok := a.hashes[name]
	if !ok {
		return ""
	}
	return "/static/" + name + "?v=" + h
}

// funcs are the template functions about static files: `asset "app.css"` and
// `vendorAvailable "leaflet.js"`.
func (a *assets) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":           a.url,
		"vendorAvailable": func(name string) bool { return a.has(vendorDir + name) },
	}
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

// isVendor reports whether name is a third-party file.
func isVendor(name string) bool { return strings.HasPrefix(name, vendorDir) }
