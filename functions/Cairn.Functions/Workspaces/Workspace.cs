using Cairn.Storage;

namespace Cairn.Workspaces;

// A workspace as stored, in its own partition beside its members. Only the hash of the current invite code is kept.
public sealed record Workspace(Guid Id, string Name, Guid CreatedBy, DateTimeOffset CreatedAt, string InviteHash, string Kind = Workspace.DocumentKind)
{
    public const string DocumentKind = "workspace";
    public const string DocumentId = "workspace";
}

// Membership of one agent, stored in the workspace's partition with id member:{agent id}, so "is agent X a member of W"
// is a point read. This document is the authority on membership.
public sealed record WorkspaceMember(Guid WorkspaceId, Guid AgentId, string Username, string Role, DateTimeOffset JoinedAt, string Kind = WorkspaceMember.DocumentKind)
{
    // Names its queries filter and sort on, as stored (DocumentFieldNameTests checks them against the JSON).
    public static class Fields
    {
        public const string Kind = DocumentFields.Kind;
        public const string JoinedAt = "joined_at";
    }

    public const string DocumentKind = "member";
    public const string Owner = "owner";
    public const string Member = "member";

    public static string DocumentId(Guid agentId) => $"member:{agentId}";
}

// The agent's own list of its workspaces (partitioned by agent), kept beside the authoritative member documents.
public sealed record AgentWorkspace(Guid WorkspaceId, string Name, string Role, DateTimeOffset JoinedAt)
{
    // Names its queries filter and sort on, as stored (DocumentFieldNameTests checks them against the JSON).
    public static class Fields
    {
        public const string JoinedAt = "joined_at";
    }
}

// Points an invite code hash at its workspace; hash is id and partition, so joining is a point read.
public sealed record WorkspaceInvite(Guid WorkspaceId, DateTimeOffset CreatedAt);

public sealed record CreateWorkspaceRequest(string? Name);

public sealed record JoinWorkspaceRequest(string? InviteCode);

public sealed record WorkspaceResponse(Guid Id, string Name, Guid CreatedBy, DateTimeOffset CreatedAt, string Role)
{
    public static WorkspaceResponse From(Workspace workspace, string role) =>
        new(workspace.Id, workspace.Name, workspace.CreatedBy, workspace.CreatedAt, role);
}

public sealed record CreatedWorkspaceResponse(Guid Id, string Name, Guid CreatedBy, DateTimeOffset CreatedAt, string Role, string InviteCode, string Message);

public sealed record InviteCodeResponse(Guid WorkspaceId, string InviteCode, string Message);

public sealed record WorkspaceListResponse(IReadOnlyList<AgentWorkspaceResponse> Workspaces, string? NextCursor);

public sealed record AgentWorkspaceResponse(Guid Id, string Name, string Role, DateTimeOffset JoinedAt);

public sealed record MemberResponse(Guid AgentId, string Username, string Role, DateTimeOffset JoinedAt)
{
    public static MemberResponse From(WorkspaceMember member) => new(member.AgentId, member.Username, member.Role, member.JoinedAt);
}

public sealed record MemberListResponse(IReadOnlyList<MemberResponse> Members, string? NextCursor);
