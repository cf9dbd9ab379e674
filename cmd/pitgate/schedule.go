package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/registry"
)

// MaterializeConfig is materialize: in pitgate.yaml. With a schedule,
// pitgate serve runs CALL pitgate.materialize_incremental() for every
// online view that often (gateway.RunSchedule), the first run one interval
// after the start.
//
//	materialize: {schedule: 15m}   # a Go duration or Nd; absent: never
type MaterializeConfig struct {
	Schedule string `yaml:"schedule"`
}

// Every is the schedule's interval; 0 means no schedule.
func (m MaterializeConfig) Every() time.Duration {
	d, _ := parseSchedule(m.Schedule)
	return d
}

func (m MaterializeConfig) validate() error {
	_, err := parseSchedule(m.Schedule)
	return err
}

func parseSchedule(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := registry.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("materialize.schedule: %q is not a positive duration (such as 15m, 1h or 1d)", s)
	}
	return d, nil
}

// startSchedule runs gw's materialization schedule in the background when
// every is set, until ctx ends (serve's signal) or stop is called; stop
// cancels a run in progress and waits for it, so serve's shutdown never
// leaves a materialization behind.
func startSchedule(ctx context.Context, gw *gateway.Gateway, every time.Duration, reg prometheus.Registerer, logger *slog.Logger) (stop func()) {
	if every <= 0 {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	logger.Info("materialization scheduled", "every", every)
	go func() {
		defer close(done)
		gw.RunSchedule(ctx, every, reg)
	}()
	return func() {
		cancel()
		<-done
	}
}
