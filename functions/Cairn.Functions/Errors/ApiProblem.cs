namespace Cairn.Errors;

// An error meant for the caller: status, a stable machine-readable code and a message that says what to fix. Thrown at
// the HTTP edge (endpoints, filters, middleware); services throw a DomainException, which ErrorHandling maps to one.
public sealed class ApiProblem(int status, string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    : Exception(detail)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public IReadOnlyDictionary<string, string[]>? Errors { get; } = errors;

    public TimeSpan? RetryAfter { get; init; }

    public static ApiProblem Validation(IReadOnlyDictionary<string, string[]> errors) =>
        new(StatusCodes.Status422UnprocessableEntity, "validation_failed", Describe(errors), errors);

    public static ApiProblem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ApiProblem BadRequest(string code, string detail, string? field = null) =>
        new(StatusCodes.Status400BadRequest, code, detail, field is null ? null : new Dictionary<string, string[]> { [field] = [detail] });

    public static ApiProblem NotFound(string what) =>
        new(StatusCodes.Status404NotFound, "not_found", $"{what} was not found.");

    public static ApiProblem Conflict(string code, string detail) =>
        new(StatusCodes.Status409Conflict, code, detail);

    public static ApiProblem Unauthorized(string detail) =>
        new(StatusCodes.Status401Unauthorized, "unauthorized", detail);

    public static ApiProblem Forbidden(string detail) =>
        new(StatusCodes.Status403Forbidden, "forbidden", detail);

    private static string Describe(IReadOnlyDictionary<string, string[]> errors) =>
        string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
}
