using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Threading.Channels;

namespace Cairn.Pulse.Local;

// One agent WebSocket: a bounded queue of frames drained by a single writer loop, so frames leave in the order they
// were queued and a slow client only ever waits on its own socket. A client that lets the queue fill is disconnected
// rather than silently losing messages: it reconnects and catches up from the inbox.
internal sealed class LocalConnection
{
    private readonly WebSocket _socket;
    private readonly Channel<ReadOnlyMemory<byte>> _queue;
    private readonly CancellationTokenSource _abort = new();
    private readonly ILogger _logger;
    private readonly int _capacity;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string _closeDescription = "";
    private int _closing;
    private readonly Lock _sequenceLock = new();
    private ulong _lastSequenceId;
    private ulong _lastAckedSequenceId;

    public LocalConnection(WebSocket socket, Guid agentId, bool usesSubprotocol, int capacity, ILogger logger, bool reliable = false, long keyVersion = 0)
    {
        _socket = socket;
        _logger = logger;
        _capacity = capacity;
        AgentId = agentId;
        UsesSubprotocol = usesSubprotocol;
        Reliable = usesSubprotocol && reliable;
        KeyVersion = keyVersion;
        _queue = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public string Id { get; } = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    public Guid AgentId { get; }

    // True for a PubSub WebSocket client (json.webpubsub.azure.v1): it gets frames; a simple client gets bare data.
    public bool UsesSubprotocol { get; }

    // True for json.reliable.webpubsub.azure.v1: each data frame carries the next sequenceId.
    public bool Reliable { get; }

    // The version of the agent's API key this connection was authenticated with; a rotation closes it.
    public long KeyVersion { get; }

    // The highest sequence id the client acknowledged (reliable connections).
    public ulong LastAckedSequenceId => Volatile.Read(ref _lastAckedSequenceId);

    // Groups joined; touched only by the connection's own read loop and the hub's bookkeeping.
    public ConcurrentDictionary<string, bool> Groups { get; } = new(StringComparer.Ordinal);

    // Queues a frame without ever blocking; false when the connection is closing or was just dropped for falling
    // behind.
    public bool TryEnqueue(ReadOnlyMemory<byte> frame)
    {
        if (_queue.Writer.TryWrite(frame))
        {
            return true;
        }
        if (Interlocked.Exchange(ref _closing, 1) == 0)
        {
            _logger.LogInformation("Pulse connection {ConnectionId} of agent {AgentId} fell {Capacity} messages behind; disconnecting it",
                Id, AgentId, _capacity);
            _queue.Writer.TryComplete();
            _abort.Cancel();
        }
        return false;
    }

    // Queues one pushed event in the form this client reads: bare data (simple client), the message frame shared by
    // every plain subprotocol client (built once per publish), or its own frame with the next sequence id (reliable).
    public bool TryEnqueueData(byte[] data, ref byte[]? sharedFrame)
    {
        if (!UsesSubprotocol)
        {
            return TryEnqueue(data);
        }
        if (!Reliable)
        {
            return TryEnqueue(sharedFrame ??= PulseFrames.ServerMessage(data));
        }
        // Numbered under the lock so sequence ids leave in the order they were given out.
        lock (_sequenceLock)
        {
            return TryEnqueue(PulseFrames.ServerMessage(data, ++_lastSequenceId));
        }
    }

    // Records a sequenceAck; false when it acknowledges a frame never sent (a protocol violation).
    public bool Acknowledge(ulong sequenceId)
    {
        lock (_sequenceLock)
        {
            if (sequenceId > _lastSequenceId)
            {
                return false;
            }
            if (sequenceId > _lastAckedSequenceId)
            {
                Volatile.Write(ref _lastAckedSequenceId, sequenceId);
            }
            return true;
        }
    }

    // Sends what is queued, then the close frame; subprotocol clients first get a disconnected frame.
    public void Close(WebSocketCloseStatus status, string description)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }
        _closeStatus = status;
        _closeDescription = description;
        if (UsesSubprotocol && description.Length > 0)
        {
            _queue.Writer.TryWrite(PulseFrames.Disconnected(description));
        }
        _queue.Writer.TryComplete();
    }

    public void Abort()
    {
        _queue.Writer.TryComplete();
        _abort.Cancel();
        _socket.Abort();
    }

    // The single writer: never throws; ends when the queue is completed and drained, or the socket fails.
    public async Task RunWriterAsync()
    {
        try
        {
            await foreach (var frame in _queue.Reader.ReadAllAsync(_abort.Token))
            {
                await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, _abort.Token);
            }
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(_closeStatus, _closeDescription, _abort.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // Aborted (fell behind, or the close handshake timed out) or the client vanished: the read loop ends too.
            _socket.Abort();
        }
    }
}
