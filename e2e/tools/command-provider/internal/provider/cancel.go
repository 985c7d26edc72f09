package provider

import (
	"context"
	"sync"
	"time"
)

// operations ties the engine's Cancel and each operation's customTimeouts to the operation's context, as upstream's
// framework does (pulumi-go-provider middleware/cancel, which pulumi-command v1.2.1 runs under): Cancel cancels every
// operation in flight and every later one; Create, Update and Delete get a deadline of the request's timeout seconds
// (0: none). The context bounds dialing and its retries; a command already running runs to its end, as upstream.
type operations struct {
	mu       sync.Mutex
	canceled bool
	next     int
	inFlight map[int]context.CancelFunc
}

// start derives the operation's context; call the returned function when the operation ends.
func (o *operations) start(ctx context.Context, timeoutSeconds float64) (context.Context, func()) {
	var cancel context.CancelFunc
	if timeoutSeconds > 0 {
		ctx, cancel = context.WithTimeout(ctx, time.Duration(timeoutSeconds*float64(time.Second)))
	} else {
		ctx, cancel = context.WithCancel(ctx)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.canceled {
		cancel()
		return ctx, func() {}
	}
	if o.inFlight == nil {
		o.inFlight = map[int]context.CancelFunc{}
	}
	id := o.next
	o.next++
	o.inFlight[id] = cancel
	return ctx, func() {
		o.mu.Lock()
		delete(o.inFlight, id)
		o.mu.Unlock()
		cancel()
	}
}

// cancelAll is the engine's Cancel: every operation in flight and every later one is canceled.
func (o *operations) cancelAll() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.canceled = true
	for id, cancel := range o.inFlight {
		cancel()
		delete(o.inFlight, id)
	}
}
