// Command pitgate is the feature store's command line: the demo, the
// gateway server, transpilation, and its version. It parses flags and
// configuration and wires the packages together; it has no logic of its own.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// Version is set at build time with -ldflags "-X main.Version=...".
var Version = "0.1.0-dev"

// usageError is a mistake on the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

type command struct {
	name, summary string
	run           func(args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"demo", "embedded warehouse, demo data and feature repo; serves until Ctrl-C", runDemo},
		{"serve", "the gateway, from a configuration file", runServe},
		{"transpile", "print the warehouse SQL of a query", runTranspile},
		{"materialize", "load the latest feature values into the online store", runMaterialize},
		{"export", "write a query's rows to a Parquet file", runExport},
		{"version", "print the version", runVersion},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		return 2
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(args[1:], stdout, stderr)
		var ue usageError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 2
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "pitgate %s: %s\n", c.name, ue.msg)
			return 2
		default:
			// One line per problem: a registry with three mistakes says all three.
			fmt.Fprintf(stderr, "pitgate %s: %s\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "pitgate: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: pitgate <command> [flags]")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
}

func runVersion(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("version", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "pitgate %s (speaks PostgreSQL %s)\n", Version, "15")
	return nil
}

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("pitgate "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses args and turns flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}
