using System.Security.Claims;
using Cairn.Agents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cairn.Workspaces;

public static class WorkspaceEndpoints
{
    // Registered by every feature that scopes data to workspaces (clipboard, engrams); safe to call twice.
    public static IServiceCollection AddWorkspaces(this IServiceCollection services)
    {
        services.TryAddSingleton<WorkspaceService>();
        services.TryAddSingleton<WorkspaceDeletion>();
        return services;
    }

    public static RouteGroupBuilder MapWorkspaces(this RouteGroupBuilder api)
    {
        var workspaces = api.MapGroup("/workspaces").WithTags("Workspaces").RequireAuthorization();
        workspaces.MapPost("", CreateAsync).WithName("CreateWorkspace").WithSummary("Create a workspace; its invite code is shown once.");
        workspaces.MapGet("", ListMineAsync).WithName("ListWorkspaces").WithSummary("The workspaces the caller belongs to.");
        workspaces.MapPost("/join", JoinAsync).WithName("JoinWorkspace").WithSummary("Join a workspace with its invite code.");
        workspaces.MapGet("/{id:guid}", GetAsync).WithName("GetWorkspace").WithSummary("A workspace the caller belongs to.");
        workspaces.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteWorkspace").WithSummary("The owner deletes the workspace; every membership ends.");
        workspaces.MapGet("/{id:guid}/members", ListMembersAsync).WithName("ListWorkspaceMembers").WithSummary("The members of a workspace.");
        workspaces.MapDelete("/{id:guid}/members/{agentId:guid}", RemoveMemberAsync).WithName("RemoveWorkspaceMember")
            .WithSummary("The owner removes a member; a member removes itself to leave.");
        workspaces.MapPost("/{id:guid}/invite-code", RotateInviteAsync).WithName("RotateWorkspaceInvite")
            .WithSummary("The owner replaces the invite code; the old one stops working at once.");
        return api;
    }

    private static async Task<NoContent> DeleteAsync(Guid id, ClaimsPrincipal user, WorkspaceDeletion deletion, CancellationToken cancellationToken)
    {
        await deletion.DeleteAsync(user.AgentId(), id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Created<CreatedWorkspaceResponse>> CreateAsync(
        CreateWorkspaceRequest request, ClaimsPrincipal user, WorkspaceService workspaces, CancellationToken cancellationToken)
    {
        var created = await workspaces.CreateAsync(user.AgentId(), Username(user), request, cancellationToken);
        return TypedResults.Created($"/api/v1/workspaces/{created.Id}", created);
    }

    private static async Task<Ok<WorkspaceListResponse>> ListMineAsync(
        ClaimsPrincipal user, WorkspaceService workspaces, int? limit, string? cursor, CancellationToken cancellationToken) =>
        TypedResults.Ok(await workspaces.ListMineAsync(user.AgentId(), limit, cursor, cancellationToken));

    private static async Task<Ok<WorkspaceResponse>> JoinAsync(
        JoinWorkspaceRequest request, ClaimsPrincipal user, WorkspaceService workspaces, CancellationToken cancellationToken) =>
        TypedResults.Ok(await workspaces.JoinAsync(user.AgentId(), Username(user), request, cancellationToken));

    private static async Task<Ok<WorkspaceResponse>> GetAsync(Guid id, ClaimsPrincipal user, WorkspaceService workspaces, CancellationToken cancellationToken) =>
        TypedResults.Ok(await workspaces.GetAsync(user.AgentId(), id, cancellationToken));

    private static async Task<Ok<MemberListResponse>> ListMembersAsync(
        Guid id, ClaimsPrincipal user, WorkspaceService workspaces, int? limit, string? cursor, CancellationToken cancellationToken) =>
        TypedResults.Ok(await workspaces.ListMembersAsync(user.AgentId(), id, limit, cursor, cancellationToken));

    private static async Task<NoContent> RemoveMemberAsync(
        Guid id, Guid agentId, ClaimsPrincipal user, WorkspaceService workspaces, CancellationToken cancellationToken)
    {
        await workspaces.RemoveMemberAsync(user.AgentId(), id, agentId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<InviteCodeResponse>> RotateInviteAsync(Guid id, ClaimsPrincipal user, WorkspaceService workspaces, CancellationToken cancellationToken) =>
        TypedResults.Ok(await workspaces.RotateInviteAsync(user.AgentId(), id, cancellationToken));

    private static string Username(ClaimsPrincipal user) => user.Identity?.Name ?? "";
}
