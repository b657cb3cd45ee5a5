package osmand

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeJSON(t *testing.T) {
	const coords = `"coords":{"latitude":32.7767,"longitude":-96.797}`
	fix := pt(32.7767, -96.797)
	tests := []struct {
		name, body string
		want       Report
	}{
		{"seconds timestamp", `{"device_id":"t1","location":{"timestamp":1377177267,` + coords + `}}`,
			Report{DeviceID: "t1", Time: time.Unix(1377177267, 0).UTC(), Point: fix, HasFix: true}},
		{"milliseconds timestamp", `{"device_id":"t1","location":{"timestamp":1442068686579,` + coords + `}}`,
			Report{DeviceID: "t1", Time: time.UnixMilli(1442068686579).UTC(), Point: fix, HasFix: true}},
		{"numeric string timestamp", `{"device_id":"t1","location":{"timestamp":"1377177267",` + coords + `}}`,
			Report{DeviceID: "t1", Time: time.Unix(1377177267, 0).UTC(), Point: fix, HasFix: true}},
		{"local timestamp is UTC", `{"device_id":"t1","location":{"timestamp":"2014-06-04 09:10:11",` + coords + `}}`,
			Report{DeviceID: "t1", Time: time.Date(2014, 6, 4, 9, 10, 11, 0, time.UTC), Point: fix, HasFix: true}},
		{"ISO offset", `{"device_id":"t1","location":{"timestamp":"2025-06-15T08:45:12-05:00",` + coords + `}}`,
			Report{DeviceID: "t1", Time: time.Date(2025, 6, 15, 13, 45, 12, 0, time.UTC), Point: fix, HasFix: true}},
		{"numeric device id", `{"device_id":8737767034,"location":{` + coords + `}}`,
			Report{DeviceID: "8737767034", Point: fix, HasFix: true}},
		{"no coords: no fix", `{"device_id":"t1","location":{"timestamp":null}}`, Report{DeviceID: "t1"}},
		{"battery rounds to a whole percent", `{"device_id":"t1","location":{"battery":{"level":0.29,"is_charging":true}}}`,
			Report{DeviceID: "t1", Battery: ptr(29.0), Charging: ptr(true)}},
		{"speed m/s and heading", `{"device_id":"t1","location":{"coords":{"latitude":1,"longitude":2,"speed":10,"heading":359.5}}}`,
			Report{DeviceID: "t1", Point: pt(1, 2), HasFix: true, RawSpeed: ptr(10.0), SpeedMPH: ptr(22.369362920544), Heading: ptr(359.5)}},
		{"battery level beyond 1 is ignored", `{"device_id":"t1","location":{"battery":{"level":79}}}`, Report{DeviceID: "t1"}},
		{"extras: scalars only", `{"device_id":"t1","location":{"extras":{"n":null,"o":{"a":1},"l":[1],"f":-2.5,"i":-7,"e":1e3,"s":"x\u0000y"}}}`,
			Report{DeviceID: "t1", Attributes: map[string]any{"f": -2.5, "i": int64(-7), "e": 1000.0, "s": "xy"}}},
		{"odd activity is dropped", `{"device_id":"t1","location":{"activity":"walking","event":{"x":1}}}`, Report{DeviceID: "t1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeJSON([]byte(tt.body))
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			tt.want.Form = FormJSON
			if diff := cmp.Diff(tt.want, got, approx); diff != "" {
				t.Errorf("report mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeJSONErrors(t *testing.T) {
	tests := []struct{ name, body, param string }{
		{"empty", ``, "body"},
		{"not JSON", `{"device_id":`, "body"},
		{"trailing garbage", `{"device_id":"1","location":{}} x`, "body"},
		{"array", `[]`, "body"},
		{"no device id", `{"location":{}}`, "device_id"},
		{"empty device id", `{"device_id":"","location":{}}`, "device_id"},
		{"object device id", `{"device_id":{},"location":{}}`, "device_id"},
		{"NUL in device id", `{"device_id":"a\u0000","location":{}}`, "device_id"},
		{"no location", `{"device_id":"1"}`, "location"},
		{"no longitude", `{"device_id":"1","location":{"coords":{"latitude":1}}}`, "location.coords"},
		{"string latitude", `{"device_id":"1","location":{"coords":{"latitude":"1","longitude":2}}}`, "location.coords.latitude"},
		{"huge speed", `{"device_id":"1","location":{"coords":{"latitude":1,"longitude":2,"speed":1e999}}}`, "location.coords.speed"},
		{"speed out of range", `{"device_id":"1","location":{"coords":{"latitude":1,"longitude":2,"speed":1.7e308}}}`, "location.coords.speed"},
		{"latitude off the globe", `{"device_id":"1","location":{"coords":{"latitude":-91,"longitude":2}}}`, "location.coords.latitude"},
		{"longitude off the globe", `{"device_id":"1","location":{"coords":{"latitude":1,"longitude":181}}}`, "location.coords.longitude"},
		{"bad timestamp", `{"device_id":"1","location":{"timestamp":"soon"}}`, "location.timestamp"},
		{"object timestamp", `{"device_id":"1","location":{"timestamp":{}}}`, "location.timestamp"},
		{"fractional timestamp", `{"device_id":"1","location":{"timestamp":1.5}}`, "location.timestamp"},
		{"string battery", `{"device_id":"1","location":{"battery":{"level":"full"}}}`, "location.battery.level"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := DecodeJSON([]byte(tt.body))
			if err == nil {
				t.Fatalf("got report %+v, want an error naming %s", r, tt.param)
			}
			checkInvalid(t, err, tt.param)
		})
	}
}
