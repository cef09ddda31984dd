package server

import (
	"context"
	"errors"
	"fmt"

	"google.golang.org/protobuf/types/known/timestamppb"

	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
	"github.com/netverdict/netverdict/server/snapshots"
)

// snapshotService implements netverdict.v1.SnapshotService on the store.
type snapshotService struct {
	netverdictv1.UnimplementedSnapshotServiceServer
	s *Server
}

// CreateSnapshot imports, compiles and stores a configuration.
func (ss *snapshotService) CreateSnapshot(ctx context.Context, req *netverdictv1.CreateSnapshotRequest) (*netverdictv1.CreateSnapshotResponse, error) {
	s := ss.s
	if name := req.GetConfig().GetSnapshot(); name != "" {
		info, err := s.store.Get(name)
		if err != nil {
			return nil, snapshotError("config.snapshot", name, err)
		}
		return &netverdictv1.CreateSnapshotResponse{Snapshot: snapshotToProto(info)}, nil
	}
	cfg, warnings, err := loadConfig("config", req.GetConfig())
	if err != nil {
		return nil, err
	}
	if s.limits.MaxSnapshots > 0 && s.store.Len() >= s.limits.MaxSnapshots {
		// Creating an already stored snapshot is still fine.
		if _, digest, cerr := snapshots.Canonical(cfg); cerr == nil {
			if info, gerr := s.store.Get("snapshots/" + digest); gerr == nil {
				return &netverdictv1.CreateSnapshotResponse{Snapshot: snapshotToProto(info)}, nil
			}
		}
		return nil, resourceExhausted("server.snapshots", fmt.Sprintf(
			"the server stores its limit of %d snapshots; delete some first", s.limits.MaxSnapshots))
	}
	info, created, err := s.store.Create(cfg, warnings)
	if err != nil {
		return nil, invalidArgument("config", err)
	}
	return &netverdictv1.CreateSnapshotResponse{Snapshot: snapshotToProto(info), Created: created}, nil
}

// GetSnapshot returns a stored snapshot's metadata.
func (ss *snapshotService) GetSnapshot(ctx context.Context, req *netverdictv1.GetSnapshotRequest) (*netverdictv1.GetSnapshotResponse, error) {
	info, err := ss.s.store.Get(req.GetName())
	if err != nil {
		return nil, snapshotError("name", req.GetName(), err)
	}
	return &netverdictv1.GetSnapshotResponse{Snapshot: snapshotToProto(info)}, nil
}

// ListSnapshots pages through the stored snapshots by name.
func (ss *snapshotService) ListSnapshots(ctx context.Context, req *netverdictv1.ListSnapshotsRequest) (*netverdictv1.ListSnapshotsResponse, error) {
	if req.GetPageSize() < 0 {
		return nil, invalidArgument("page_size", &apiconv.FieldError{Field: "page_size", Value: fmt.Sprint(req.GetPageSize()),
			Description: fmt.Sprintf("page_size %d is negative", req.GetPageSize())})
	}
	infos, next, err := ss.s.store.List(int(req.GetPageSize()), req.GetPageToken())
	if err != nil {
		if errors.Is(err, snapshots.ErrInvalidPageToken) {
			return nil, invalidArgument("page_token", &apiconv.FieldError{Field: "page_token", Value: req.GetPageToken(),
				Description: fmt.Sprintf("invalid page_token %q: pass a next_page_token from an earlier response", req.GetPageToken())})
		}
		return nil, err
	}
	out := &netverdictv1.ListSnapshotsResponse{NextPageToken: next, Snapshots: make([]*netverdictv1.Snapshot, len(infos))}
	for i, info := range infos {
		out.Snapshots[i] = snapshotToProto(info)
	}
	return out, nil
}

// DeleteSnapshot deletes a stored snapshot.
func (ss *snapshotService) DeleteSnapshot(ctx context.Context, req *netverdictv1.DeleteSnapshotRequest) (*netverdictv1.DeleteSnapshotResponse, error) {
	if err := ss.s.store.Delete(req.GetName()); err != nil {
		return nil, snapshotError("name", req.GetName(), err)
	}
	return &netverdictv1.DeleteSnapshotResponse{}, nil
}

// snapshotToProto converts a store record to the API.
func snapshotToProto(info snapshots.Info) *netverdictv1.Snapshot {
	c := info.Counts
	return &netverdictv1.Snapshot{
		Name:       info.Name,
		Digest:     info.Digest,
		CreateTime: timestamppb.New(info.Created),
		ResourceCounts: &netverdictv1.ResourceCounts{
			Vpcs:               int32(c.VPCs),
			Subnets:            int32(c.Subnets),
			NetworkInterfaces:  int32(c.NetworkInterfaces),
			SecurityGroups:     int32(c.SecurityGroups),
			SecurityGroupRules: int32(c.SecurityGroupRules),
			NetworkAcls:        int32(c.NetworkACLs),
			NetworkAclEntries:  int32(c.NetworkACLEntries),
			PrefixLists:        int32(c.PrefixLists),
			RouteTables:        int32(c.RouteTables),
			Firewalls:          int32(c.Firewalls),
			FirewallPolicies:   int32(c.FirewallPolicies),
			FirewallRuleGroups: int32(c.FirewallRuleGroups),
			WebAcls:            int32(c.WebACLs),
			IpSets:             int32(c.IPSets),
			RegexPatternSets:   int32(c.RegexPatternSets),
			WafRuleGroups:      int32(c.WAFRuleGroups),
		},
		Warnings:  info.Warnings,
		SizeBytes: info.Size,
	}
}
