using Azure;
using Azure.Search.Documents.Models;
using Cairn.Storage;

namespace Cairn.Search.AzureAISearch;

// Turns the SDK's failures into Cairn's: a refused request into InvalidSearchInputException with the service's own
// message, throttling and outages (after the SDK's retries) into StorageUnavailableException (HTTP 503), missing
// permissions or index into a message that says what to fix. Pure: tested without a service.
public static class AzureSearchErrors
{
    // The Cairn exception for a failure of the SDK, or null to let it propagate as it is.
    public static Exception? Translate(Exception exception, string indexName) => exception switch
    {
        RequestFailedException failed => Translate(failed, indexName),
        // The retry policy wraps the last failures when every attempt threw (connection refused, DNS, TLS).
        AggregateException aggregate when aggregate.InnerExceptions.All(e => e is RequestFailedException or IOException or HttpRequestException) =>
            Unavailable(aggregate),
        _ => null,
    };

    public static Exception? Translate(RequestFailedException exception, string indexName) => exception.Status switch
    {
        400 => new InvalidSearchInputException($"Azure AI Search refused the request: {ServiceMessage(exception)}"),
        401 or 403 => new InvalidOperationException(
            $"Azure AI Search refused Cairn's credentials ({exception.Status}). With a managed identity, grant it the roles 'Search Index Data " +
            $"Contributor' and 'Search Service Contributor' on the service (infra/modules/roles.bicep does); with {SearchOptions.Section}:ApiKey, use an admin key. " +
            $"Service said: {ServiceMessage(exception)}", exception),
        404 => new InvalidOperationException(
            $"The Azure AI Search index '{indexName}' does not exist. It is created at start-up: restart the app, or check {SearchOptions.Section}:IndexName.", exception),
        0 or 408 or 429 or 502 or 503 or 504 => Unavailable(exception),
        _ => null,
    };

    // A batch the service answered with per-document failures (HTTP 207): nothing of it is reported as written.
    public static void ThrowOnFailures(IndexDocumentsResult result)
    {
        var failures = result.Results.Where(r => !r.Succeeded).ToList();
        if (failures.Count == 0)
        {
            return;
        }
        var details = string.Join("; ", failures.Take(5).Select(f => $"'{Id(f.Key)}': {f.ErrorMessage} ({f.Status})"));
        // 422: the index is briefly unavailable; 503: throttled. Both are worth retrying as a whole.
        if (failures.All(f => f.Status is 422 or 429 or 503))
        {
            throw new StorageUnavailableException($"Azure AI Search did not take {failures.Count} document(s): {details}", new RequestFailedException(failures[0].Status, details));
        }
        throw new InvalidSearchInputException($"Azure AI Search refused {failures.Count} document(s): {details}");
    }

    private static StorageUnavailableException Unavailable(Exception exception) =>
        new($"Azure AI Search is not available: {ServiceMessage(exception)}", exception);

    // Azure.Core puts the service's error message on the first line, then status, headers and content.
    private static string ServiceMessage(Exception exception) => exception.Message.Split('\n', 2)[0].Trim();

    private static string Id(string key)
    {
        try
        {
            return AzureSearchKeys.Decode(key);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException)
        {
            return key;
        }
    }
}
