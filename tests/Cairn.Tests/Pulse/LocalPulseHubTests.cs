using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Cairn.Pulse;
using Cairn.Pulse.Local;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cairn.Tests.Pulse;

// The hub over in-memory sockets, where a client that never reads can be made exactly.
[Trait("Storage", "None")]
public sealed class LocalPulseHubTests
{
    private static readonly WebSocketCreationOptions Server = new() { IsServer = true, KeepAliveInterval = TimeSpan.Zero };
    private static readonly WebSocketCreationOptions Client = new() { IsServer = false, KeepAliveInterval = TimeSpan.Zero };

    [Fact]
    public async Task AClientThatStopsReadingDelaysNoOneAndIsDisconnectedWhenItsQueueFills()
    {
        var hub = new LocalPulseHub();
        var stuck = new LocalConnection(WebSocket.CreateFromStream(new StuckStream(), Server), Guid.NewGuid(), usesSubprotocol: true, capacity: 4, NullLogger.Instance);
        var (serverEnd, clientEnd) = Pair();
        var healthy = new LocalConnection(serverEnd, Guid.NewGuid(), usesSubprotocol: true, capacity: 4, NullLogger.Instance);
        hub.Add(stuck);
        hub.Add(healthy);
        var stuckWriter = stuck.RunWriterAsync();
        var healthyWriter = healthy.RunWriterAsync();

        var received = new List<string>();
        for (var n = 0; n < 20; n++)
        {
            var publish = hub.PublishToAllAsync(Pushes.Message("n", new { n }), CancellationToken.None);
            Assert.True(publish.IsCompletedSuccessfully, "publishing must never wait on a socket");
            received.Add(await ReceiveAsync(clientEnd));
        }
        await stuckWriter.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Enumerable.Range(0, 20).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), received);
        Assert.False(stuck.TryEnqueue(new byte[1]), "the stuck client was disconnected");
        Assert.True(healthy.TryEnqueue(new byte[1]), "the healthy client is still connected");
        healthy.Close(WebSocketCloseStatus.NormalClosure, "");
        await healthyWriter.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ASimpleClientGetsTheBareEventAndASubprotocolClientTheMessageFrame()
    {
        var hub = new LocalPulseHub();
        var agent = Guid.NewGuid();
        var (simpleServer, simpleClient) = Pair();
        var (framedServer, framedClient) = Pair();
        var simple = new LocalConnection(simpleServer, agent, usesSubprotocol: false, capacity: 4, NullLogger.Instance);
        var framed = new LocalConnection(framedServer, agent, usesSubprotocol: true, capacity: 4, NullLogger.Instance);
        hub.Add(simple);
        hub.Add(framed);
        _ = simple.RunWriterAsync();
        _ = framed.RunWriterAsync();
        var message = Pushes.Message("e", new { x = 1 });

        await hub.PublishToAgentAsync(agent, message, CancellationToken.None);

        var bare = JsonNode.Parse(await ReceiveRawAsync(simpleClient))!;
        var frame = JsonNode.Parse(await ReceiveRawAsync(framedClient))!;
        Assert.Equal(message.Id.ToString(), (string?)bare["id"]);
        Assert.Equal(bare.ToJsonString(), frame["data"]!.ToJsonString());
        Assert.Equal("server", (string?)frame["from"]);
    }

    [Fact]
    public async Task ARemovedConnectionGetsNothingMore()
    {
        var hub = new LocalPulseHub();
        var agent = Guid.NewGuid();
        var (serverEnd, _) = Pair();
        var connection = new LocalConnection(serverEnd, agent, usesSubprotocol: true, capacity: 1, NullLogger.Instance);
        hub.Add(connection);
        hub.Join(connection, "topics.gone");

        hub.Remove(connection);
        await hub.PublishToAgentAsync(agent, Pushes.Message(), CancellationToken.None);
        await hub.PublishToGroupAsync("topics.gone", Pushes.Message(), CancellationToken.None);

        Assert.Equal(0, await hub.CountConnectedAgentsAsync(CancellationToken.None));
        Assert.True(connection.TryEnqueue(new byte[1]), "nothing was queued for it, so its one slot is still free");
    }

    private static async Task<string> ReceiveAsync(WebSocket client) =>
        JsonNode.Parse(await ReceiveRawAsync(client))!["data"]!["event_data"]!["n"]!.ToJsonString();

    private static async Task<string> ReceiveRawAsync(WebSocket client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        var result = await client.ReceiveAsync(buffer, timeout.Token);
        Assert.True(result.EndOfMessage);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    // Two WebSocket ends joined by in-memory pipes.
    private static (WebSocket Server, WebSocket Client) Pair()
    {
        var toClient = new Pipe();
        var toServer = new Pipe();
        return (WebSocket.CreateFromStream(new DuplexStream(toServer.Reader, toClient.Writer), Server),
            WebSocket.CreateFromStream(new DuplexStream(toClient.Reader, toServer.Writer), Client));
    }

    private sealed class DuplexStream(PipeReader reader, PipeWriter writer) : Stream
    {
        private readonly Stream _in = reader.AsStream();
        private readonly Stream _out = writer.AsStream();

        public override bool CanRead => true;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _in.ReadAsync(buffer, cancellationToken);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _out.WriteAsync(buffer, cancellationToken);
        public override Task FlushAsync(CancellationToken cancellationToken) => _out.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    // A peer that never reads: every write waits until it is cancelled.
    private sealed class StuckStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            await Task.Delay(Timeout.Infinite, cancellationToken);

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
