package netverdict

import (
	"context"
	"fmt"
	"iter"

	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// CreateSnapshot imports, validates and stores the configuration of src
// and returns the stored snapshot; if the same content is already stored,
// it returns that one. Reference it afterwards with
// SnapshotSource(snapshot.GetName()). Use Snapshots().CreateSnapshot to
// learn whether it was newly created.
func (c *Client) CreateSnapshot(ctx context.Context, src *netverdictv1.ConfigSource) (*netverdictv1.Snapshot, error) {
	resp, err := c.snapshots.CreateSnapshot(ctx, &netverdictv1.CreateSnapshotRequest{Config: src})
	if err != nil {
		return nil, err
	}
	return resp.GetSnapshot(), nil
}

// GetSnapshot returns the metadata of the snapshot called name
// ("snapshots/{digest}"); an unknown name fails with codes.NotFound.
func (c *Client) GetSnapshot(ctx context.Context, name string) (*netverdictv1.Snapshot, error) {
	resp, err := c.snapshots.GetSnapshot(ctx, &netverdictv1.GetSnapshotRequest{Name: name})
	if err != nil {
		return nil, err
	}
	return resp.GetSnapshot(), nil
}

// DeleteSnapshot deletes the snapshot called name; an unknown name fails
// with codes.NotFound.
func (c *Client) DeleteSnapshot(ctx context.Context, name string) error {
	_, err := c.snapshots.DeleteSnapshot(ctx, &netverdictv1.DeleteSnapshotRequest{Name: name})
	return err
}

// ListSnapshots returns an iterator over all stored snapshots, ordered by
// name, fetching pageSize at a time (0 means the server's default). It
// yields an error at most once, as the last element. Each iteration starts
// from the first page.
func (c *Client) ListSnapshots(ctx context.Context, pageSize int32) iter.Seq2[*netverdictv1.Snapshot, error] {
	return func(yield func(*netverdictv1.Snapshot, error) bool) {
		token := ""
		for {
			resp, err := c.snapshots.ListSnapshots(ctx, &netverdictv1.ListSnapshotsRequest{
				PageSize:  pageSize,
				PageToken: token,
			})
			if err != nil {
				yield(nil, err)
				return
			}
			for _, s := range resp.GetSnapshots() {
				if !yield(s, nil) {
					return
				}
			}
			next := resp.GetNextPageToken()
			if next == "" {
				return
			}
			if next == token {
				yield(nil, fmt.Errorf("%w: ListSnapshots returned page token %q again", ErrProtocol, next))
				return
			}
			token = next
		}
	}
}
