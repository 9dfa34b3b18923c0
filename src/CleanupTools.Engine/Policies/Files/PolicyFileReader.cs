using System.Globalization;
using System.Text;
using CleanupTools.Configuration;

namespace CleanupTools.Policies.Files;

/// <summary>
/// Reads a policy file: references 000/002's <c>cleanup_config.yaml</c> unchanged, and this tool's own full form.
/// <para>Accepted keys (anything else is an error naming the key and its line, so a typo never becomes a default):</para>
/// <list type="bullet">
/// <item><c>retention.successful_jobs</c>: <c>hours</c> | <c>days</c>, <c>keep_metadata</c>, <c>keep_logs</c>;
/// <c>retention.failed_jobs</c>: <c>hours</c> | <c>days</c>, <c>keep_metadata</c>, <c>keep_error_logs</c>.
/// <c>keep_metadata: true</c> is what the tool always does (job records are kept); <c>false</c> is an error.
/// <c>keep_logs: true</c> / <c>keep_error_logs: true</c> store a disabled component policy for the logs of completed /
/// failed jobs (<see cref="PolicyFile.SuccessfulLogsKeeper"/>, <see cref="PolicyFile.FailedLogsKeeper"/>);
/// <c>false</c> removes such a keeper if an earlier import stored one.</item>
/// <item><c>policies.&lt;name&gt;</c>: <c>retention</c> | <c>hours</c> | <c>days</c> (see <see cref="PolicyFileRetention"/>),
/// <c>action</c> (delete_data, delete_all, quarantine), <c>enabled</c>, <c>keep_newest</c> (0 = none),
/// <c>keep_newest_per_workflow</c>, <c>description</c>, and for a new policy its target: <c>component</c>
/// (results, uploads, logs, temp) with an optional <c>status</c> (completed, failed), or a path class's
/// <c>patterns</c> (a list), <c>root</c> (an absolute directory) and <c>match_status</c>.</item>
/// <item><c>performance.batch_size</c>, <c>performance.parallel_delete</c>, <c>performance.max_workers</c>,
/// <c>paths.database</c>, <c>paths.uploads</c>, <c>paths.results</c>, <c>paths.logs</c>, <c>paths.temp</c>: run
/// settings, checked and returned in <see cref="PolicyFile.Settings"/>, never stored.</item>
/// <item><c>schedule</c> and <c>notifications</c>: accepted with anything under them and ignored with a warning each
/// (cron, systemd timers or Task Scheduler schedule runs; exit codes and reports replace notifications).</item>
/// </list>
/// The whole file is checked before the result is returned: every problem found is listed in one
/// <see cref="ConfigurationException"/>, each with its line, column and dotted key.
/// </summary>
public static class PolicyFileReader
{
    private const int MaxListedErrors = 20;

    /// <summary>Reads a file of at most 1 MiB of UTF-8 text.</summary>
    public static PolicyFile Read(string path)
    {
        var source = Path.GetFileName(path);
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > PolicyYamlTree.MaxBytes)
                throw new ConfigurationException($"{source} is larger than {PolicyYamlTree.MaxBytes / 1024} KiB; a policy file is a few kilobytes. Nothing was imported.");
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigurationException($"The policy file '{path}' does not exist.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"The policy file '{path}' cannot be read: {e.Message}", e);
        }
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new ConfigurationException($"{source} is not UTF-8 text (invalid byte at offset {e.Index}). Nothing was imported.", e);
        }
        return Parse(text.TrimStart('\uFEFF'), source);
    }

    /// <summary>Parses policy file text; <paramref name="source"/> names it in messages.</summary>
    public static PolicyFile Parse(string text, string source)
    {
        var root = PolicyYamlTree.Parse(text, source);
        var reading = new Reading(source);
        reading.Top(root);
        return reading.Finish();
    }

    private sealed class Reading
    {
        private readonly string _source;
        private readonly List<string> _errors = new();
        private readonly List<string> _warnings = new();
        private readonly List<PolicyFileEntry> _entries = new();
        private readonly Dictionary<string, PolicyFileEntry> _byName = new(StringComparer.Ordinal);
        private PolicyFileRunSettings _settings = new();

        public Reading(string source) => _source = source;

        public PolicyFile Finish()
        {
            if (_errors.Count > 0)
            {
                var listed = _errors.Take(MaxListedErrors).ToList();
                if (_errors.Count > MaxListedErrors) listed.Add($"... and {_errors.Count - MaxListedErrors} more.");
                throw new ConfigurationException(
                    $"{_source} was not imported (nothing was changed): {(_errors.Count == 1 ? "" : $"{_errors.Count} problems:{Environment.NewLine}")}{string.Join(Environment.NewLine, listed)}");
            }
            if (_entries.Count == 0)
                _warnings.Add($"{_source} sets no retention policy (no retention: or policies: section with a policy in it).");
            RunSettingWarnings();
            // File order, so previews and confirmations follow the file (a status policy is known only after its keys).
            var ordered = _entries.OrderBy(e => e.Line).ThenBy(e => e.Column).ToArray();
            return new PolicyFile(_source, ordered, _settings, _warnings);
        }

        public void Top(YamlMapping root)
        {
            foreach (var (key, value) in root.Entries)
            {
                switch (key.Value)
                {
                    case "retention": RetentionSection(value, "retention"); break;
                    case "policies": Policies(value, "policies"); break;
                    case "performance": Performance(value, "performance"); break;
                    case "paths": Paths(value, "paths"); break;
                    case "schedule":
                        // Facts, not commands: the CLI and the module each print these warnings, and each has its own words for a run.
                        Ignored(key, value, "CleanupTools does not schedule runs: start a run from cron, a systemd timer or Task Scheduler");
                        break;
                    case "notifications":
                        Ignored(key, value, "CleanupTools sends no notifications: read a run's exit code, its report and the audit trail from the scheduler instead");
                        break;
                    default: Unknown(key, "", "retention, policies, performance, paths, schedule, notifications"); break;
                }
            }
        }

        // --- retention: (references 000/002) ---

        private void RetentionSection(YamlNode node, string path)
        {
            if (Mapping(node, path) is not { } mapping) return;
            foreach (var (key, value) in mapping.Entries)
            {
                var at = PolicyYamlTree.Join(path, key.Value);
                switch (key.Value)
                {
                    case "successful_jobs": LegacyStatus(key, value, at, PolicyNames.SuccessfulJobs, "keep_logs", PolicyFile.SuccessfulLogsKeeper, JobStatus.Completed); break;
                    case "failed_jobs": LegacyStatus(key, value, at, PolicyNames.FailedJobs, "keep_error_logs", PolicyFile.FailedLogsKeeper, JobStatus.Failed); break;
                    default: Unknown(key, path, "successful_jobs, failed_jobs (other policies go under policies:)"); break;
                }
            }
        }

        private void LegacyStatus(YamlScalar nameKey, YamlNode node, string path, string name, string keepLogsKey, string keeper, JobStatus status)
        {
            if (Mapping(node, path) is not { } mapping) return;
            TimeSpan? retention = null;
            YamlScalar? retentionKey = null;
            foreach (var (key, value) in mapping.Entries)
            {
                var at = PolicyYamlTree.Join(path, key.Value);
                switch (key.Value)
                {
                    case "hours":
                    case "days":
                        if (OnlyRetentionKey(ref retentionKey, key, at, path)) retention = Unit(value, at, days: key.Value == "days");
                        break;
                    case "keep_metadata":
                        if (Bool(value, at) is false)
                            Error(value, at, "false is not possible: CleanupTools always keeps a job's record and metadata in the store (references 000/002 keep it forever); only the job's files are deleted. Remove the key or set it to true.");
                        break;
                    default:
                        if (key.Value == keepLogsKey)
                        {
                            if (Bool(value, at) is { } keep)
                                Add(new PolicyFileEntry(keeper, at, key.Line, key.Column, keep ? Keeper(keeper, status) : null, RemoveKeeper: !keep));
                            break;
                        }
                        Unknown(key, path, $"hours, days, keep_metadata, {keepLogsKey}");
                        break;
                }
            }
            if (retention is { } r)
                Add(new PolicyFileEntry(name, path, nameKey.Line, nameKey.Column, new PolicyChange { Name = name, Retention = r }));
        }

        private static PolicyChange Keeper(string name, JobStatus status) => new()
        {
            Name = name,
            Component = DataComponent.Logs,
            Status = status,
            Enabled = false,
            Retention = SettingValueParser.MaxRetention,
            Description = $"Keeps the logs of {(status == JobStatus.Completed ? "completed" : "failed")} jobs (imported {(status == JobStatus.Completed ? "keep_logs" : "keep_error_logs")}: true): disabled, so this component is never deleted.",
        };

        // --- policies: (this tool's full form) ---

        private void Policies(YamlNode node, string path)
        {
            if (Mapping(node, path) is not { } mapping) return;
            foreach (var (key, value) in mapping.Entries)
            {
                var at = PolicyYamlTree.Join(path, key.Value);
                string name;
                try
                {
                    name = PolicyNames.Normalize(key.Value);
                }
                catch (ConfigurationException e)
                {
                    Error(key, at, e.Message);
                    continue;
                }
                if (Mapping(value, at) is { } fields && Policy(name, fields, at) is { } change)
                    Add(new PolicyFileEntry(name, at, key.Line, key.Column, change));
            }
        }

        /// <summary>A policy states its retention once: a second key for it (hours beside days) is an error naming both.</summary>
        private bool OnlyRetentionKey(ref YamlScalar? seen, YamlScalar key, string at, string path)
        {
            if (seen is not null)
            {
                Error(key, at, $"{path} gives both {seen.Value} (line {seen.Line}) and {key.Value}; give one.");
                return false;
            }
            seen = key;
            return true;
        }

        private PolicyChange? Policy(string name, YamlMapping mapping, string path)
        {
            var errors = _errors.Count;
            var change = new PolicyChange { Name = name };
            YamlScalar? retentionKey = null;
            foreach (var (key, value) in mapping.Entries)
            {
                var at = PolicyYamlTree.Join(path, key.Value);
                switch (key.Value)
                {
                    case "retention":
                    case "hours":
                    case "days":
                        if (OnlyRetentionKey(ref retentionKey, key, at, path))
                            change = change with { Retention = key.Value == "retention" ? Retention(value, at) : Unit(value, at, days: key.Value == "days") };
                        break;
                    case "action":
                        change = change with { Action = Token(value, at, "delete_data, delete_all or quarantine", CleanupAction.DeleteData, CleanupAction.DeleteAll, CleanupAction.Quarantine) };
                        break;
                    case "enabled":
                        change = change with { Enabled = Bool(value, at) };
                        break;
                    case "keep_newest":
                        change = change with { KeepNewest = Int(value, at, 0, PolicyValidator.MaxKeepNewest) };
                        break;
                    case "keep_newest_per_workflow":
                        change = change with { KeepNewestPerWorkflow = Bool(value, at) };
                        break;
                    case "description":
                        change = change with { Description = Text(value, at, allowEmpty: true) };
                        break;
                    case "component":
                        // configuration is parsed so the policy rules can say why it cannot be chosen.
                        change = change with { Component = Token(value, at, "results, uploads, logs or temp", DataComponent.Results, DataComponent.Uploads, DataComponent.Logs, DataComponent.Temp, DataComponent.Configuration) };
                        break;
                    case "status":
                        change = change with { Status = Token(value, at, "completed or failed", JobStatus.Completed, JobStatus.Failed) };
                        break;
                    case "root":
                        if (Text(value, at) is { } root)
                        {
                            if (!Path.IsPathFullyQualified(root))
                                Error(value, at, $"'{root}' is not an absolute path; a path class's root must be absolute, so the file means the same wherever it is imported from.");
                            else change = change with { Root = root };
                        }
                        break;
                    case "patterns":
                        change = change with { Patterns = Patterns(value, at) };
                        break;
                    case "match_status":
                        change = change with { MatchStatus = Text(value, at) };
                        break;
                    default:
                        Unknown(key, path, "retention (or hours, days), action, enabled, keep_newest, keep_newest_per_workflow, description, component, status, root, patterns, match_status");
                        break;
                }
            }
            return _errors.Count == errors ? change : null;
        }

        // --- run settings ---

        private void Performance(YamlNode node, string path)
        {
            if (Mapping(node, path) is not { } mapping) return;
            foreach (var (key, value) in mapping.Entries)
            {
                var at = PolicyYamlTree.Join(path, key.Value);
                switch (key.Value)
                {
                    case "batch_size": _settings = _settings with { BatchSize = Int(value, at, 1, CleanupSettings.MaxBatchSize) }; break;
                    case "parallel_delete": _settings = _settings with { ParallelDelete = Bool(value, at) }; break;
                    case "max_workers": _settings = _settings with { MaxWorkers = Int(value, at, 1, CleanupSettings.MaxWorkersLimit) }; break;
                    default: Unknown(key, path, "batch_size, parallel_delete, max_workers"); break;
                }
            }
        }

        private void Paths(YamlNode node, string path)
        {
            if (Mapping(node, path) is not { } mapping) return;
            foreach (var (key, value) in mapping.Entries)
            {
                var at = PolicyYamlTree.Join(path, key.Value);
                switch (key.Value)
                {
                    case "database": _settings = _settings with { DatabasePath = Text(value, at) }; break;
                    case "uploads": _settings = _settings with { UploadsPath = Text(value, at) }; break;
                    case "results": _settings = _settings with { ResultsPath = Text(value, at) }; break;
                    case "logs": _settings = _settings with { LogsPath = Text(value, at) }; break;
                    case "temp": _settings = _settings with { TempPath = Text(value, at) }; break;
                    default: Unknown(key, path, "database, uploads, results, logs, temp"); break;
                }
            }
        }

        private void RunSettingWarnings()
        {
            var s = _settings;
            var performance = new List<string>();
            if (s.BatchSize is { } b) performance.Add($"performance.batch_size ({b.ToString(CultureInfo.InvariantCulture)})");
            if (s.ParallelDelete is { } p) performance.Add($"performance.parallel_delete ({(p ? "true" : "false")})");
            if (s.MaxWorkers is { } w) performance.Add($"performance.max_workers ({w.ToString(CultureInfo.InvariantCulture)})");
            if (performance.Count > 0)
                _warnings.Add($"{string.Join(", ", performance)} {(performance.Count == 1 ? "was" : "were")} read but not applied: a run takes them from its options " +
                    "(--batch-size, --max-workers; -BatchSize) or the environment (CLEANUPTOOLS_BATCH_SIZE or EEMT_CLEANUP_BATCH_SIZE, CLEANUPTOOLS_MAX_WORKERS); " +
                    "parallel_delete has no setting of its own (--max-workers 1 deletes one job at a time).");
            var paths = new List<string>();
            void AddPath(string key, string? value)
            {
                if (value is not null) paths.Add($"paths.{key} ({value})");
            }
            AddPath("database", s.DatabasePath);
            AddPath("uploads", s.UploadsPath);
            AddPath("results", s.ResultsPath);
            AddPath("logs", s.LogsPath);
            AddPath("temp", s.TempPath);
            if (paths.Count > 0)
                _warnings.Add($"{string.Join(", ", paths)} {(paths.Count == 1 ? "was" : "were")} read but not applied: a run takes its paths from its options " +
                    "(--base-dir, --db-path and the --<name>-dir options; -BasePath, -Store and the -<Name>Path parameters) or the environment " +
                    "(CLEANUPTOOLS_BASE_DIR, CLEANUPTOOLS_DB_PATH, CLEANUPTOOLS_<NAME>_DIR or their EEMT_ names), never from a policy file.");
        }

        private void Ignored(YamlScalar key, YamlNode value, string why)
        {
            var keys = value is YamlMapping m && m.Entries.Count > 0
                ? string.Join(", ", m.Entries.Select(e => $"{key.Value}.{e.Key.Value}"))
                : key.Value;
            _warnings.Add($"{_source}, line {key.Line}: {keys} ignored: {why}.");
        }

        // --- entries ---

        private void Add(PolicyFileEntry entry)
        {
            if (_byName.TryGetValue(entry.Name, out var first))
            {
                _errors.Add(PolicyYamlTree.At(_source, entry.Line, entry.Column, entry.Key,
                    $"sets the policy {entry.Name}, which {first.Key} (line {first.Line}) already sets; set each policy in one place."));
                return;
            }
            _byName[entry.Name] = entry;
            _entries.Add(entry);
        }

        // --- values ---

        private YamlMapping? Mapping(YamlNode node, string path)
        {
            if (node is YamlMapping mapping) return mapping;
            Error(node, path, node is YamlScalar { IsNull: true } ? "has no value; expected key: value lines under it." : $"must be a mapping (key: value lines under it), not {node.Kind}.");
            return null;
        }

        private YamlScalar? Scalar(YamlNode node, string path)
        {
            if (node is not YamlScalar scalar)
            {
                Error(node, path, $"must be a single value, not {node.Kind}.");
                return null;
            }
            if (scalar.IsNull)
            {
                Error(node, path, "has no value.");
                return null;
            }
            return scalar;
        }

        private string? Text(YamlNode node, string path, bool allowEmpty = false)
        {
            if (node is YamlScalar { Plain: false, Value: "" } && allowEmpty) return "";
            if (Scalar(node, path) is not { } scalar) return null;
            if (scalar.Value.Length == 0 && !allowEmpty)
            {
                Error(node, path, "is empty.");
                return null;
            }
            if (scalar.Value.Contains('\0'))
            {
                Error(node, path, "contains a NUL character.");
                return null;
            }
            return scalar.Value;
        }

        private bool? Bool(YamlNode node, string path)
        {
            if (Scalar(node, path) is not { } scalar) return null;
            switch (scalar.Value.Trim().ToLowerInvariant())
            {
                case "true": case "yes": case "on": return true;
                case "false": case "no": case "off": return false;
                default:
                    Error(node, path, $"must be true or false (got '{Short(scalar.Value)}').");
                    return null;
            }
        }

        private int? Int(YamlNode node, string path, int min, int max)
        {
            if (Scalar(node, path) is not { } scalar) return null;
            if (!int.TryParse(scalar.Value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                Error(node, path, $"must be a whole number from {min} to {max} (got '{Short(scalar.Value)}').");
                return null;
            }
            return value;
        }

        private TimeSpan? Retention(YamlNode node, string path) => Guarded(node, path, s => PolicyFileRetention.Parse(s));

        private TimeSpan? Unit(YamlNode node, string path, bool days) => Guarded(node, path, s => PolicyFileRetention.ParseUnit(s, days));

        private TimeSpan? Guarded(YamlNode node, string path, Func<string, TimeSpan> parse)
        {
            if (Scalar(node, path) is not { } scalar) return null;
            try
            {
                return parse(scalar.Value);
            }
            catch (ConfigurationException e)
            {
                Error(node, path, e.Message);
                return null;
            }
        }

        private T? Token<T>(YamlNode node, string path, string allowed, params T[] values) where T : struct, Enum
        {
            if (Scalar(node, path) is not { } scalar) return null;
            var wanted = scalar.Value.Replace("-", "").Replace("_", "").Trim();
            var found = values.Cast<T?>().FirstOrDefault(v => string.Equals(v.ToString(), wanted, StringComparison.OrdinalIgnoreCase));
            if (found is null) Error(node, path, $"must be {allowed} (got '{Short(scalar.Value)}').");
            return found;
        }

        private IReadOnlyList<string>? Patterns(YamlNode node, string path)
        {
            if (node is not YamlSequence sequence)
            {
                Error(node, path, node is YamlScalar { IsNull: false }
                    ? "must be a list of patterns, e.g. [\"**/*.log\"] or one '- pattern' line each."
                    : $"must be a list of patterns, not {(node is YamlScalar ? "empty" : node.Kind)}.");
                return null;
            }
            var patterns = new List<string>();
            for (var i = 0; i < sequence.Items.Count; i++)
            {
                if (Text(sequence.Items[i], $"{path}[{i}]") is { } pattern) patterns.Add(pattern);
            }
            return patterns;
        }

        private void Unknown(YamlScalar key, string path, string expected) =>
            Error(key, PolicyYamlTree.Join(path, key.Value), $"unknown key; expected {(path.Length == 0 ? "" : $"under {path}: ")}{expected}.");

        private void Error(YamlNode node, string path, string problem) => _errors.Add(PolicyYamlTree.At(_source, node.Line, node.Column, path, problem));

        private static string Short(string text) => text.Length > 40 ? text[..40] + "..." : text;
    }
}
