using Microsoft.OpenApi;

namespace Cairn.OpenApi;

// What Cairn adds to RFC 9457 problem details (see Errors/ErrorHandling), written into the document's schema.
internal static class ProblemSchema
{
    public static void Describe(OpenApiSchema schema)
    {
        schema.Description = "RFC 9457 problem details. `code` is stable and machine-readable; `detail` says what to fix.";
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["code"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "Stable error code, e.g. validation_failed, not_found, unauthorized, rate_limited (README, 'Errors').",
        };
        schema.Properties["trace_id"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The W3C trace id of this request (the traceparent's, when the caller sent one).",
        };
        schema.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Per-field messages, keyed by the field's JSON name.",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        schema.Required ??= new HashSet<string>();
        schema.Required.Add("code");
    }
}
