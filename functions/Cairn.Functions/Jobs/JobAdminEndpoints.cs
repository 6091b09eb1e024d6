using Cairn.Admin;
using Cairn.Errors;
using Cairn.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cairn.Jobs;

public static class JobAdminEndpoints
{
    public static IEndpointRouteBuilder MapJobAdmin(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/v1/admin/jobs").WithTags("Admin").RequireAdminKey().WithProblemResponses();
        jobs.MapGet("", List).WithName("ListJobs").WithSummary("The registered jobs, their NCRONTAB schedules (UTC) and next occurrences.");
        jobs.MapPost("/{name}/run", RunAsync).WithName("RunJob").WithSummary("Run a job now, in this request, and report what it did.");
        return app;
    }

    private static Ok<JobListResponse> List(JobRegistry registry, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var jobs = registry.All.OrderBy(job => job.Name, StringComparer.Ordinal)
            .Select(job => new JobSummary(job.Name, job.Schedule.Expression, job.Schedule.GetNextOccurrence(now)))
            .ToList();
        return TypedResults.Ok(new JobListResponse(jobs));
    }

    private static async Task<Results<Ok<JobRun>, ProblemHttpResult>> RunAsync(
        string name, JobRegistry registry, JobRunner runner, CancellationToken cancellationToken)
    {
        var job = registry.Find(name) ?? throw ApiProblem.NotFound($"The job '{name}'");
        var run = await runner.RunAsync(job, JobTrigger.Admin, isPastDue: false, cancellationToken);
        return run switch
        {
            { Status: JobRunStatus.Succeeded } => TypedResults.Ok(run),
            { Status: JobRunStatus.Skipped } => Problem(StatusCodes.Status409Conflict, "job_running",
                $"The job '{job.Name}' is already running in this instance; wait for it to finish.", run),
            { Failure: JobFailure.Transient } => Problem(StatusCodes.Status503ServiceUnavailable, "job_failed_transient",
                $"The job '{job.Name}' failed transiently and may succeed if run again: {run.Error}", run),
            _ => Problem(StatusCodes.Status500InternalServerError, "job_failed",
                $"The job '{job.Name}' failed and will keep failing until the cause is fixed: {run.Error}", run),
        };
    }

    // The run report travels inside the ProblemDetails, so a failed run still says what it did.
    private static ProblemHttpResult Problem(int status, string code, string detail, JobRun run) =>
        TypedResults.Problem(detail, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = code, ["run"] = run });

    public sealed record JobListResponse(IReadOnlyList<JobSummary> Jobs);

    public sealed record JobSummary(string Name, string Schedule, DateTimeOffset NextOccurrence);
}
