using System.Security.Cryptography;
using System.Text;
using Cairn.Agents;
using Cairn.Errors;
using Cairn.Storage;

namespace Cairn.Hosting;

// Idempotency-Key on every authenticated POST under /api/v1: the first request with a key claims it (an atomic create
// in the document store, so concurrent duplicates cannot both run) and, when it succeeds (2xx), its status and body are
// kept for 24 hours. The same key and request again from the same agent returns them and writes nothing; the same key
// with another method, path or body is 422. A request that fails releases its claim, so it can be retried.
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 255;
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    // A claim older than this whose request never finished (its instance died) may be taken over.
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    // Responses kept for replay are at most this large; a larger one (a big clipboard pop) is answered with 409 when
    // replayed.
    public const int MaxStoredBody = 512 * 1024;

    public static IApplicationBuilder UseCairnIdempotency(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method)
            || !request.Headers.TryGetValue(Header, out var values)
            || !request.Path.StartsWithSegments("/api/v1", StringComparison.OrdinalIgnoreCase)
            || context.User.OptionalAgentId() is not { } agentId)
        {
            await next(context);
            return;
        }
        var key = values.Count == 1 ? values[0] ?? "" : "";
        if (key.Length is 0 or > MaxKeyLength || !key.All(c => c is >= ' ' and <= '~'))
        {
            throw ApiProblem.Validation(Header, $"must be one value of 1 to {MaxKeyLength} printable ASCII characters (a UUID is a good choice).");
        }
        var store = context.RequestServices.GetRequiredService<IDocumentStore>();
        var clock = context.RequestServices.GetRequiredService<TimeProvider>();
        var fingerprint = await FingerprintAsync(request, context.RequestAborted);
        var partition = agentId.ToString();
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

        var claim = await ClaimAsync(store, clock, partition, id, fingerprint, context.RequestAborted);
        if (claim is null)
        {
            return; // replayed or refused: the response is written
        }
        await RunAndKeepAsync(context, next, store, partition, id, claim);

        async Task<Document<IdempotencyRecord>?> ClaimAsync(IDocumentStore store, TimeProvider clock, string partition, string id, string fingerprint, CancellationToken cancellationToken)
        {
            var pending = new IdempotencyRecord(fingerprint, IdempotencyRecord.Pending, clock.GetUtcNow(), null, null, null, null, null);
            try
            {
                return await store.CreateAsync(Containers.IdempotencyKeys, partition, id, pending, new WriteOptions(Retention), cancellationToken);
            }
            catch (DocumentConflictException)
            {
            }
            var existing = await store.ReadAsync<IdempotencyRecord>(Containers.IdempotencyKeys, partition, id, cancellationToken);
            if (existing is null)
            {
                // Released (its request failed) or expired between our create and read: the caller may simply retry.
                throw InProgress();
            }
            if (existing.Body.Fingerprint != fingerprint)
            {
                throw ApiProblem.Validation(Header, "was already used with a different request (method, path or body); use a new key for a new request.");
            }
            if (existing.Body.State == IdempotencyRecord.Done)
            {
                await ReplayAsync(context, existing.Body);
                return null;
            }
            if (clock.GetUtcNow() - existing.Body.CreatedAt < AbandonedAfter)
            {
                throw InProgress();
            }
            try
            {
                return await store.ReplaceAsync(Containers.IdempotencyKeys, partition, id, pending, existing.ETag, new WriteOptions(Retention), cancellationToken);
            }
            catch (Exception exception) when (exception is DocumentPreconditionFailedException or DocumentNotFoundException)
            {
                throw InProgress();
            }
        }
    });

    private static async Task RunAndKeepAsync(HttpContext context, RequestDelegate next, IDocumentStore store, string partition, string id, Document<IdempotencyRecord> claim)
    {
        var original = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        var kept = false;
        try
        {
            await next(context);
            var response = context.Response;
            if (response.StatusCode is >= 200 and < 300 && captured.Length <= MaxStoredBody)
            {
                var done = claim.Body with
                {
                    State = IdempotencyRecord.Done,
                    Status = response.StatusCode,
                    ContentType = response.ContentType,
                    Location = response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
                    ETag = response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null,
                    Body = Convert.ToBase64String(captured.GetBuffer(), 0, (int)captured.Length),
                };
                // Not the request's token: the write happened, so its record must be kept even if the caller hung up.
                await store.ReplaceAsync(Containers.IdempotencyKeys, partition, id, done, claim.ETag, new WriteOptions(Retention), CancellationToken.None);
                kept = true;
            }
            else if (response.StatusCode is >= 200 and < 300)
            {
                await store.ReplaceAsync(Containers.IdempotencyKeys, partition, id, claim.Body with { State = IdempotencyRecord.Done }, claim.ETag, new WriteOptions(Retention), CancellationToken.None);
                kept = true;
            }
        }
        finally
        {
            context.Response.Body = original;
            if (!kept)
            {
                await ReleaseAsync(store, partition, id, claim.ETag);
            }
        }
        captured.Position = 0;
        await captured.CopyToAsync(original, context.RequestAborted);
    }

    // Frees the key for a retry; if even that fails, the claim is taken over once it counts as abandoned.
    private static async Task ReleaseAsync(IDocumentStore store, string partition, string id, string etag)
    {
        try
        {
            await store.DeleteAsync(Containers.IdempotencyKeys, partition, id, etag, CancellationToken.None);
        }
        catch (StorageException)
        {
        }
    }

    private static async Task ReplayAsync(HttpContext context, IdempotencyRecord record)
    {
        if (record.Body is null || record.Status is not { } status)
        {
            throw ApiProblem.Conflict("idempotent_response_too_large",
                $"This key's request succeeded, but its response was larger than {MaxStoredBody / 1024} KiB and was not kept; read the result instead.");
        }
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = record.ContentType;
        if (record.Location is not null)
        {
            response.Headers.Location = record.Location;
        }
        if (record.ETag is not null)
        {
            response.Headers.ETag = record.ETag;
        }
        response.Headers["Idempotent-Replayed"] = "true";
        var body = Convert.FromBase64String(record.Body);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static ApiProblem InProgress() =>
        new(StatusCodes.Status409Conflict, "idempotency_in_progress", "A request with this Idempotency-Key is still running; retry after it finishes.")
        {
            RetryAfter = TimeSpan.FromSeconds(1),
        };

    // What makes two requests "the same": method, path, query and body bytes.
    private static async Task<string> FingerprintAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

// A claimed Idempotency-Key: pending while its request runs, then done with the response to replay (base64 body).
public sealed record IdempotencyRecord(string Fingerprint, string State, DateTimeOffset CreatedAt, int? Status, string? ContentType, string? Location, string? ETag, string? Body)
{
    public const string Pending = "pending";
    public const string Done = "done";
}
