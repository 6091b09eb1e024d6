using Cairn.Storage;

namespace Cairn.Tests.Storage;

/// <summary>One backend for the conformance suite: an isolated database, and a store over it on a given clock.</summary>
public interface IDocumentStoreFixture
{
    /// <summary>A store on <paramref name="clock"/>; skips or fails the calling test when the backend is not there.</summary>
    IDocumentStore CreateStore(TimeProvider clock);
}

// The containers the conformance suite writes to, declared like the app's own in Containers.cs.
public static class ConformanceContainers
{
    public const string Main = "conformance";
    public const string Other = "conformance_other";

    public static readonly IReadOnlyList<ContainerDefinition> All = [new(Main, "n", "at", "name"), new(Other)];
}

// The body the suite stores; snake_case on the wire like every Cairn document.
public sealed record Thing(string Name, int N = 0, bool Flag = false, string? Note = null, DateTimeOffset? At = null,
    IReadOnlyList<string>? Tags = null, string? Run = null);
