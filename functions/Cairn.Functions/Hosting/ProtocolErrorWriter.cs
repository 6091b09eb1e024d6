using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Cairn.Serialization;

namespace Cairn.Hosting;

/// <summary>
/// Sits between Kestrel and the socket of one HTTP/1.x connection. Kestrel answers a request it cannot parse (bad request
/// line, 414, 431, …) itself, before any middleware, with an empty body; this writer gives that answer a problem+json body.
/// A response counts as Kestrel's own when it is an empty 4xx/5xx that closes the connection and no app request is
/// waiting for it. Written by hand: Kestrel has no hook for the body of its own error responses.
/// </summary>
internal sealed class ProtocolErrorWriter(PipeWriter inner, ProtocolErrorCounter counter) : PipeWriter
{
    private readonly ArrayBufferWriter<byte> _pending = new();
    private bool _rewrote;

    public override void Advance(int bytes) => _pending.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    // Kestrel and System.Text.Json read this to decide when to flush a response being serialized.
    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => _pending.WrittenCount + (inner.CanGetUnflushedBytes ? inner.UnflushedBytes : 0);

    public override void Complete(Exception? exception = null)
    {
        MovePending();
        inner.Complete(exception);
    }

    public override ValueTask CompleteAsync(Exception? exception = null)
    {
        MovePending();
        return inner.CompleteAsync(exception);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        MovePending();
        return inner.FlushAsync(cancellationToken);
    }

    private void MovePending()
    {
        if (_pending.WrittenCount == 0)
        {
            return;
        }
        var written = _pending.WrittenSpan;
        if (StatusOf(written) is { } status)
        {
            // Each final response answers one request: the app's, unless all of those are answered already.
            var ownedByKestrel = status >= 400 && counter.Responses >= counter.AppRequests && !_rewrote && IsEmptyClosing(written);
            counter.Responses++;
            if (ownedByKestrel)
            {
                _rewrote = true;
                inner.Write(Rewrite(written, status));
                _pending.ResetWrittenCount();
                return;
            }
        }
        inner.Write(written);
        _pending.ResetWrittenCount();
    }

    /// <summary>The status of a final (non-1xx) response whose head starts this buffer, or null.</summary>
    private static int? StatusOf(ReadOnlySpan<byte> data) =>
        data.Length >= 12 && data.StartsWith("HTTP/1."u8) && data[8] == (byte)' '
        && int.TryParse(data.Slice(9, 3), out var status) && status >= 200 ? status : null;

    private static bool IsEmptyClosing(ReadOnlySpan<byte> data)
    {
        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0 || end + 4 != data.Length)
        {
            return false;
        }
        var head = Encoding.ASCII.GetString(data[..end]).ToLowerInvariant();
        return head.Contains("\r\ncontent-length: 0", StringComparison.Ordinal) && head.Contains("\r\nconnection: close", StringComparison.Ordinal);
    }

    private static byte[] Rewrite(ReadOnlySpan<byte> data, int status)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(Problem(status), CairnJson.Options);
        var head = Encoding.ASCII.GetString(data[..data.IndexOf("\r\n\r\n"u8)]);
        var lines = head.Split("\r\n").Where(l => !l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase) && !l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase));
        var text = string.Join("\r\n", lines) + $"\r\nContent-Type: application/problem+json\r\nContent-Length: {body.Length}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(text), .. body];
    }

    private static Dictionary<string, object> Problem(int status)
    {
        var (code, detail) = status switch
        {
            400 => ("bad_request", "The request is not valid HTTP/1.1: check the request line (METHOD /path HTTP/1.1), the headers and the framing."),
            408 => ("request_timeout", "The request headers did not arrive in time."),
            414 => ("uri_too_long", "The request line (method, path and query) is longer than 8 KiB; send large inputs in a JSON body."),
            431 => ("headers_too_large", "The request headers are larger than 32 KiB, or one header line is too long."),
            _ => (Errors.ErrorHandling.DefaultCode(status), Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) + "."),
        };
        return new Dictionary<string, object>
        {
            ["type"] = $"https://httpstatuses.io/{status}",
            ["title"] = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
            ["status"] = status,
            ["detail"] = detail,
            ["code"] = code,
        };
    }
}

/// <summary>Per connection: how many requests reached the app, and how many final responses went out.</summary>
internal sealed class ProtocolErrorCounter
{
    private int _appRequests;

    public int AppRequests => Volatile.Read(ref _appRequests);

    /// <summary>Touched only by the connection's output, one write at a time.</summary>
    public int Responses { get; set; }

    public void AppRequestStarted() => Interlocked.Increment(ref _appRequests);
}

/// <summary>Wires <see cref="ProtocolErrorWriter"/> into every HTTP/1.x connection and counts the requests that reach the app.</summary>
internal static class ProtocolErrors
{
    public static void UseProblemBodies(this Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions listen) => listen.Use(next => async connection =>
    {
        var counter = new ProtocolErrorCounter();
        var transport = connection.Transport;
        connection.Features.Set(counter);
        connection.Transport = new DuplexPipe(transport.Input, new ProtocolErrorWriter(transport.Output, counter));
        try
        {
            await next(connection);
        }
        finally
        {
            connection.Transport = transport;
        }
    });

    /// <summary>First in the app's pipeline: a request that gets here is answered by the app, not by Kestrel.</summary>
    public static IApplicationBuilder UseProtocolErrorCounting(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Features.Get<ProtocolErrorCounter>()?.AppRequestStarted();
        return next(context);
    });

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
