package main

import (
	"context"
	"os"
	"time"

	"golang.org/x/term"

	"github.com/anditms/tms/internal/simulate"
)

// runSimulate drives simulated trucks against a server's OsmAnd ingest and prints the rate
// and latency; a progress line is drawn on a terminal.
func runSimulate(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "simulate", "simulate --server URL --trucks N --speedup X [--duration D] [--create-devices --token T] | simulate --loads --token T --speedup X [--backdate]")
	cfg := simulate.Config{}
	fs.StringVar(&cfg.Server, "server", "http://127.0.0.1:8000", "base URL of the server")
	fs.IntVar(&cfg.Trucks, "trucks", 10, "simulated trucks: devices sim-1 .. sim-N")
	fs.Float64Var(&cfg.Speedup, "speedup", 60, "simulated seconds per real second")
	fs.DurationVar(&cfg.Duration, "duration", time.Minute, "how long to run")
	fs.Int64Var(&cfg.MaxRequests, "max-requests", simulate.DefaultMaxRequests, "stop after this many requests")
	fs.DurationVar(&cfg.Interval, "interval", 10*time.Second, "simulated time between two reports of one truck")
	fs.StringVar(&cfg.Token, "token", os.Getenv("TMS_API_TOKEN"), "API token (default $TMS_API_TOKEN): drive between the server's facilities; without one, between demo cities")
	fs.BoolVar(&cfg.CreateDevices, "create-devices", false, "create the missing devices sim-i, each in a truck SIM-i (needs --token)")
	fs.BoolVar(&cfg.Loads, "loads", false, "drive the trucks of the server's dispatched and in-transit loads along their stops, through each truck's first active device (needs --token)")
	fs.BoolVar(&cfg.Backdate, "backdate", false, "with --loads: fix times run at the simulated speed and reach now when the run ends (fixes dated before a load's dispatch are not judged against it)")
	fs.DurationVar(&cfg.Dwell, "dwell", 20*time.Minute, "simulated time parked at each stop")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if f, ok := env.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		cfg.Progress = env.stderr
	}
	rep, err := simulate.Run(ctx, cfg)
	if err != nil {
		return err
	}
	rep.Print(env.stdout)
	return nil
}
