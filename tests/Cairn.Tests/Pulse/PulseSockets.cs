namespace Cairn.Tests.Pulse;

// Tests that hold sockets on the shared app run one at a time: a push to everyone in one test would otherwise land in
// another test's socket and break its exact expectations.
[CollectionDefinition(Name)]
public sealed class PulseSockets
{
    public const string Name = "Pulse sockets on the shared app";
}
