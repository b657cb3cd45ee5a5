package apitest

import (
	"bytes"
	"mime/multipart"
	"net/http"
)

// Upload posts a multipart/form-data body with the fields and, unless filename is "", the
// file data in the part "file" (how browsers and phones upload documents).
func (c *Client) Upload(path string, fields map[string]string, filename string, data []byte) *Response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			c.t.Fatal(err)
		}
	}
	if filename != "" {
		part, err := mw.CreateFormFile("file", filename)
		if err == nil {
			_, err = part.Write(data)
		}
		if err != nil {
			c.t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		c.t.Fatal(err)
	}
	req, err := http.NewRequest("POST", c.base+path, &body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Send(req)
}
