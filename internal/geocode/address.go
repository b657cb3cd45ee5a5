package geocode

import (
	"regexp"
	"slices"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// maxAddressLen bounds what ParseAddress reads: an address line is far shorter.
const maxAddressLen = 300

var zipPattern = regexp.MustCompile(`^\d{5}(-\d{4})?$`)

// states are the USPS codes of the states, DC and the territories.
var states = strings.Fields(`AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH
	NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU AS MP`)

func isState(s string) bool { return slices.Contains(states, strings.ToUpper(s)) }

// ParseAddress reads a US address typed on one line, parts separated by commas:
// "3100 Westinghouse Blvd, Suite 4, Charlotte, NC 28208" (street, more lines, city, then
// state and ZIP, optionally ", USA"). It needs a ZIP or a city and state; the street is
// optional ("Charlotte, NC").
func ParseAddress(line string) (tms.Address, error) {
	if len(line) > maxAddressLen {
		return tms.Address{}, addressError("is at most 300 characters")
	}
	parts := splitParts(line)
	if n := len(parts); n > 0 && isCountry(parts[n-1]) {
		parts = parts[:n-1]
	}
	var a tms.Address
	parts, a.State, a.Zip = stateAndZip(parts)
	if a.State != "" && len(parts) > 0 {
		a.City, parts = parts[len(parts)-1], parts[:len(parts)-1]
	}
	if len(parts) > 0 {
		a.Line1, a.Line2 = parts[0], strings.Join(parts[1:], ", ")
	}
	if a.Zip == "" && (a.City == "" || a.State == "") {
		return tms.Address{}, addressError(`needs a ZIP or a city and state, such as "3100 Westinghouse Blvd, Charlotte, NC 28208"`)
	}
	return a, nil
}

func addressError(msg string) error {
	return &tms.Error{Code: tms.CodeInvalid, Message: "the address cannot be read", Fields: map[string]string{"address": msg}}
}

// splitParts splits at commas, trims and drops empty parts, and collapses inner spaces.
func splitParts(line string) []string {
	var parts []string
	for _, p := range strings.Split(line, ",") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			parts = append(parts, p)
		}
	}
	return parts
}

func isCountry(s string) bool {
	switch strings.ToUpper(strings.ReplaceAll(s, ".", "")) {
	case "US", "USA", "UNITED STATES":
		return true
	}
	return false
}

// stateAndZip takes the state and ZIP from the end of parts: "NC 28208", "NC, 28208", "NC",
// "28208" or "Charlotte NC 28208" (the city joins the parts) as the last part; it returns
// the parts before them.
func stateAndZip(parts []string) (rest []string, state, zip string) {
	if len(parts) == 0 {
		return parts, "", ""
	}
	words := strings.Fields(parts[len(parts)-1])
	rest = parts[:len(parts)-1]
	if zipPattern.MatchString(words[len(words)-1]) {
		zip, words = words[len(words)-1], words[:len(words)-1]
	}
	if len(words) == 0 && len(rest) > 0 && isState(rest[len(rest)-1]) { // "NC, 28208"
		words, rest = []string{rest[len(rest)-1]}, rest[:len(rest)-1]
	}
	if n := len(words); n > 0 && isState(words[n-1]) {
		state, words = strings.ToUpper(words[n-1]), words[:n-1]
	}
	if len(words) > 0 {
		rest = append(rest, strings.Join(words, " "))
	}
	return rest, state, zip
}
