package tms

import "context"

// Source says where a change came from; it is recorded on load events.
type Source string

// Sources of changes.
const (
	SourceUser Source = "user"
	SourceGPS  Source = "gps"
	SourceEDI  Source = "edi"
	SourceAPI  Source = "api"
)

// Actor is who performs a change: stores record it in audit rows and events.
type Actor struct {
	UserID    int64
	Email     string
	Role      Role
	DriverID  int64 // set when the user is linked to a driver
	Source    Source
	RequestID string
}

type actorKey struct{}

// WithActor returns a context carrying the actor of the current request or job.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of ctx; a zero Actor (system) when none is set.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	if a.Source == "" {
		a.Source = SourceUser
	}
	return a
}
