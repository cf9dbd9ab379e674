package main

import (
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
)

// openWarehouseAndRepo opens cfg's warehouse and loads its feature
// repository, what serve, export and materialize each start with; the
// caller closes the warehouse (here when the repository fails to load).
func openWarehouseAndRepo(cfg *Config) (warehouse.Warehouse, *registry.Repo, error) {
	wh, err := openWarehouse(cfg.Warehouse)
	if err != nil {
		return nil, nil, err
	}
	repo, err := registry.Load(cfg.Repo)
	if err != nil {
		wh.Close()
		return nil, nil, err
	}
	return wh, repo, nil
}
