package ui

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// staleFix is how old a truck's last fix may be before the map greys it out.
const staleFix = 30 * time.Minute

type fleetData struct {
	Trucks     []fleetTruck // with a position, for the map and its list
	Unseen     []tms.Truck  // active trucks that never reported
	Map        fleetMap
	Live       bool
	StaleAfter string
}

// fleetMap is what map.js draws on the fleet page and keeps live from the stream.
type fleetMap struct {
	Tiles       string       `json:"tiles"`
	Trucks      []fleetTruck `json:"trucks"`
	StaleMillis int64        `json:"stale_ms"`
	Nearest     string       `json:"nearest_url,omitempty"`
}

// fleetTruck is a truck's latest position and what it is doing.
type fleetTruck struct {
	TruckID    int64     `json:"truck_id"`
	Unit       string    `json:"unit"`
	Lat        float64   `json:"lat"`
	Lon        float64   `json:"lon"`
	FixTime    time.Time `json:"fix_time"`
	LoadID     int64     `json:"load_id,omitempty"`
	LoadNumber string    `json:"load_number,omitempty"`
	State      string    `json:"state"` // on_load, idle or stale
}

// fleetPage shows every truck's latest position, live, coloured by what it is doing.
func (u *UI) fleetPage(w http.ResponseWriter, r *http.Request) error {
	d, err := u.fleetData(r.Context(), time.Now())
	if err != nil {
		return err
	}
	return u.render(w, r, http.StatusOK, viewFleet, "Fleet map", d)
}

func (u *UI) fleetData(ctx context.Context, now time.Time) (fleetData, error) {
	d := fleetData{Live: u.tracking != nil, StaleAfter: duration(staleFix),
		Map: fleetMap{Tiles: u.tileURL, StaleMillis: staleFix.Milliseconds(), Trucks: []fleetTruck{}}}
	if d.Live {
		d.Map.Nearest = "/api/v1/trucks/nearest"
	}
	trucks, err := all(ctx, u.store.ListTrucks, string(tms.EquipmentActive))
	if err != nil {
		return d, err
	}
	onLoad, err := u.trucksOnLoads(ctx)
	if err != nil {
		return d, err
	}
	fixes, err := u.latestByTruck(ctx)
	if err != nil {
		return d, err
	}
	for _, t := range trucks {
		p, ok := fixes[t.ID]
		if !ok {
			d.Unseen = append(d.Unseen, t)
			continue
		}
		ft := fleetTruck{TruckID: t.ID, Unit: t.UnitNumber, Lat: p.Lat, Lon: p.Lon, FixTime: p.FixTime, State: "idle"}
		if l, ok := onLoad[t.ID]; ok {
			ft.LoadID, ft.LoadNumber, ft.State = l.ID, l.Number, "on_load"
		}
		if now.Sub(p.FixTime) > staleFix {
			ft.State = "stale"
		}
		d.Trucks = append(d.Trucks, ft)
	}
	slices.SortFunc(d.Trucks, func(a, b fleetTruck) int { return strings.Compare(a.Unit, b.Unit) })
	d.Map.Trucks = append(d.Map.Trucks, d.Trucks...)
	return d, nil
}

// trucksOnLoads maps each truck to the active load it is on.
func (u *UI) trucksOnLoads(ctx context.Context) (map[int64]tms.Load, error) {
	page, err := u.store.ListLoads(ctx, tms.LoadFilter{Statuses: activeStatuses, Page: tms.PageRequest{Limit: tms.MaxPageSize}})
	out := map[int64]tms.Load{}
	for _, l := range page.Items {
		if l.TruckID != nil {
			out[*l.TruckID] = l
		}
	}
	return out, err
}
