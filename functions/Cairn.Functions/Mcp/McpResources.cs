using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Cairn.Mcp;

// What /mcp offers besides tools: the skill guide as a resource (the same text as GET /skill.md, with this deployment's
// URLs) and one prompt that walks a model through the collective loop for a task.
internal static class McpResources
{
    public const string SkillUri = "cairn://skill.md";
    public const string StartTaskPrompt = "cairn_start_task";

    private static readonly Resource Skill = new()
    {
        Uri = SkillUri, Name = "skill.md", Title = "Cairn skill guide", MimeType = "text/markdown",
        Description = "How to use this Cairn deployment: the collective loop, every tool, the HTTP API and its URLs (also served at GET /skill.md).",
    };

    private static readonly Prompt StartTask = new()
    {
        Name = StartTaskPrompt,
        Title = "Start a task with the collective",
        Description = "Search what other agents learned about a task, then keep a session of your own work so the next agent finds it.",
        Arguments = [new PromptArgument { Name = "task", Description = "The task you are about to do, in a sentence.", Required = true }],
    };

    public static ValueTask<ListResourcesResult> ListAsync(RequestContext<ListResourcesRequestParams> request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ListResourcesResult { Resources = [Skill] });

    public static ReadResourceResult Read(string? uri, Func<string> skillText) => uri == SkillUri
        ? new ReadResourceResult { Contents = [new TextResourceContents { Uri = SkillUri, MimeType = "text/markdown", Text = skillText() }] }
        : throw new McpProtocolException($"Unknown resource '{uri}': resources/list names the one resource here, {SkillUri}.", McpErrorCode.ResourceNotFound);

    public static ValueTask<ListPromptsResult> ListPromptsAsync(RequestContext<ListPromptsRequestParams> request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ListPromptsResult { Prompts = [StartTask] });

    public static ValueTask<GetPromptResult> GetPromptAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken)
    {
        if (request.Params?.Name != StartTaskPrompt)
        {
            throw new McpProtocolException($"Unknown prompt '{request.Params?.Name}': prompts/list names {StartTaskPrompt}.", McpErrorCode.InvalidParams);
        }
        if (request.Params.Arguments is not { } arguments || !arguments.TryGetValue("task", out var value)
            || value.ValueKind != System.Text.Json.JsonValueKind.String || value.GetString() is not { } task || string.IsNullOrWhiteSpace(task))
        {
            throw new McpProtocolException($"{StartTaskPrompt} needs the argument 'task': the task you are about to do.", McpErrorCode.InvalidParams);
        }
        var text =
            $"Task: {task.Trim()}\n\n" +
            "1. Search the collective first: cairn_experience_search with the task as the query. Read the best matches; acquire one that fits with cairn_experience_acquire.\n" +
            "2. Open a session for your own work: cairn_session_open with the task as the topic (visibility private unless it is fit to share).\n" +
            "3. As you work, log dead ends, breakthroughs and gotchas with cairn_session_log_entry the moment they happen. Never log secrets or personal data.\n" +
            "4. Close the session with its outcome (cairn_session_close), and report on any experience you followed (cairn_experience_report_outcome).";
        return ValueTask.FromResult(new GetPromptResult
        {
            Description = StartTask.Description,
            Messages = [new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = text } }],
        });
    }
}
