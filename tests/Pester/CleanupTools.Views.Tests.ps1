#Requires -Version 7.4
# The views of module/CleanupTools.format.ps1xml as PowerShell renders them on an 80-column console: for each of the
# seven output types, real objects from demo stores (one previewed, with holds and a path class; one cleaned by a
# real run), rendered with Out-String -Width 80 (the default view) and Format-List (the detail view).

param([string] $Configuration = 'Release')

BeforeAll {
    . (Join-Path $PSScriptRoot 'CleanupTools.TestHelpers.ps1')
    $savedEnvironment = Clear-CleanupEnvironment
    Import-Module -Name (Get-ManifestPath) -Force -ErrorAction Stop

    # What the console shows at 80 columns, as lines, without the blank lines around it.
    function Get-Rendered {
        param([Parameter(Mandatory)] [object[]] $InputObject, [switch] $List)
        $text = if ($List) { $InputObject | Format-List | Out-String -Width 80 } else { $InputObject | Out-String -Width 80 }
        $lines = @($text -split '\r?\n')
        $first = 0
        while ($first -lt $lines.Count -and $lines[$first].Trim() -eq '') { $first++ }
        $last = $lines.Count - 1
        while ($last -ge $first -and $lines[$last].Trim() -eq '') { $last-- }
        , $lines[$first..$last]
    }

    # The column headers of a rendered table (its first line).
    function Get-Header {
        param([string[]] $Lines)
        $Lines[0].Trim() -split '\s+'
    }

    # The one table row that starts with $Start (a Target or a Name: the first column).
    function Get-Row {
        param([string[]] $Lines, [string] $Start)
        $rows = @($Lines | Where-Object { $_.TrimStart().StartsWith($Start, [StringComparison]::Ordinal) })
        $rows | Should -HaveCount 1 -Because "one row should start with '$Start'"
        $rows[0]
    }

    # The value a list view shows for a label: the text after "Label : ", with the lines it continues on (a long
    # value wraps at the width; a multi-line value such as Paths has one line per entry) joined without separators.
    function Get-ListValue {
        param([string[]] $Lines, [string] $Label)
        $prefix = "^$([regex]::Escape($Label))\s+: ?"
        $at = @(for ($i = 0; $i -lt $Lines.Count; $i++) { if ($Lines[$i] -match $prefix) { $i } })
        $at | Should -HaveCount 1 -Because "the list should have one '$Label' line"
        $value = $Lines[$at[0]] -replace $prefix, ''
        for ($i = $at[0] + 1; $i -lt $Lines.Count -and $Lines[$i] -match '^\s+\S'; $i++) { $value += $Lines[$i].TrimStart() }
        $value
    }

    # The labels of a list, in order: which properties the detail view shows (Format-List without a view would show
    # every property, in declaration order).
    function Get-ListLabel {
        param([string[]] $Lines)
        $Lines | Where-Object { $_ -match '^(\S+)\s+: ?' } | ForEach-Object { $Matches[1] }
    }

    # A list value compared without white space, which wrapping at 80 columns may add or drop.
    function Assert-ListValue {
        param([string[]] $Lines, [string] $Label, [AllowEmptyString()] [string[]] $Expected)
        (Get-ListValue -Lines $Lines -Label $Label) -replace '\s', '' | Should -BeExactly (($Expected -join '') -replace '\s', '') -Because "of the list's $Label"
    }

    # A table's cell for a long Target: its end, after an ellipsis, so the file name stays visible.
    function Get-TargetTail {
        param([string] $Target, [int] $Width)
        if ($Target.Length -le $Width) { return $Target }
        [char]0x2026 + $Target.Substring($Target.Length - $Width + 1)
    }

    # Sizes as the views show them, for the ranges the demo stores produce (a guard fails on any other).
    function Get-SizeText {
        param([long] $Bytes)
        $Bytes | Should -BeGreaterOrEqual 1KB -Because 'the demo sizes are in KB or MB'
        $Bytes | Should -BeLessThan 1GB -Because 'the demo sizes are in KB or MB'
        if ($Bytes -lt 1MB) { '{0:0.0} KB' -f ($Bytes / 1KB) } else { '{0:0.0} MB' -f ($Bytes / 1MB) }
    }

    function Assert-FitsEightyColumns {
        param([string[]] $Lines)
        foreach ($line in $Lines) { $line.Length | Should -BeLessOrEqual 80 -Because "'$line' must fit an 80-column console" }
    }

    # Two old files deep below a path-class root, so path targets are far longer than a Target column.
    function Add-OldScratchFile {
        param([string] $Store)
        $folder = Join-Path $Store 'scratch/cache/one/deeply/nested/folder'
        $null = New-Item -ItemType Directory -Path $folder -Force
        foreach ($name in 'tile-0001.tmp', 'tile-0002.tmp') {
            $file = Join-Path $folder $name
            [IO.File]::WriteAllBytes($file, [byte[]]::new(3000))
            (Get-Item -LiteralPath $file).LastWriteTimeUtc = [DateTime]::UtcNow.AddDays(-3)
        }
        $null = Set-RetentionPolicy -BasePath $Store -Name temp_files -Root (Join-Path $Store 'scratch')
    }

    $longReason = 'Pester: under review by the science team until the paper is published'

    # A previewed store: candidates, policies, storage statistics and holds.
    $demo = New-DemoStore -Path (New-DemoPath -Name 'views') -Configuration $Configuration
    Add-OldScratchFile -Store $demo.Path
    $eligible = @(Get-CleanupCandidate -BasePath $demo.Path -WarningAction SilentlyContinue)
    $jobHold = Add-CleanupHold -BasePath $demo.Path -JobId ($eligible | Where-Object Status -eq 'Failed')[0].JobId -Reason $longReason -Duration 30.00:00:00
    $pathHold = Add-CleanupHold -BasePath $demo.Path -Path (Join-Path $demo.Path 'uploads/site-reference-*.tif') -Reason 'reference DEMs'
    $candidates = @(Get-CleanupCandidate -BasePath $demo.Path -IncludeKept -WarningAction SilentlyContinue)
    $policies = @(Get-RetentionPolicy -BasePath $demo.Path)
    $stats = @(Get-StorageStat -BasePath $demo.Path)
    $holds = @(Get-CleanupHold -BasePath $demo.Path)

    # A store a real run cleans (one job held): results, the run summary and the audit trail.
    $cleaned = New-DemoStore -Path (New-DemoPath -Name 'views-run') -Configuration $Configuration
    Add-OldScratchFile -Store $cleaned.Path
    $heldId = (Get-CleanupCandidate -BasePath $cleaned.Path -Status Completed -WarningAction SilentlyContinue)[0].JobId
    $null = Add-CleanupHold -BasePath $cleaned.Path -JobId $heldId -Reason $longReason
    $output = @(Invoke-JobCleanup -BasePath $cleaned.Path -Force -Summary -AllowMassDeletion -WarningAction SilentlyContinue)
    $results = @($output | Select-Object -SkipLast 1)
    $summary = $output[-1]
    $history = @(Get-CleanupHistory -BasePath $cleaned.Path)
}

AfterAll {
    Restore-CleanupEnvironment -Saved $savedEnvironment
}

Describe 'CleanupCandidate views' {
    BeforeAll {
        $table = Get-Rendered -InputObject $candidates
        $job = $candidates | Where-Object { $_.Action -eq 'DeleteData' -and $_.TargetKind -eq 'Job' } | Select-Object -First 1
        $kept = $candidates | Where-Object Action -eq 'Keep' | Select-Object -First 1
        $path = $candidates | Where-Object TargetKind -eq 'Path' | Select-Object -First 1
    }

    It 'renders a table that fits 80 columns with Target, Status, Action, Size and Reason' {
        Assert-FitsEightyColumns -Lines $table
        Get-Header -Lines $table | Should -Be 'Target', 'Status', 'Action', 'Size', 'Reason'
    }

    It 'shows a job''s id, status, action, size and the start of its reason untruncated' {
        $row = Get-Row -Lines $table -Start $job.JobId
        $row | Should -Match "^$($job.JobId)\s+Completed\s+DeleteData\s+$([regex]::Escape((Get-SizeText $job.SizeBytes))) "
        $row | Should -Match ([regex]::Escape($job.Reason.Substring(0, 24)))
    }

    It 'leaves the size of a kept job empty rather than 0' {
        $row = Get-Row -Lines $table -Start $kept.JobId
        $row | Should -Match "^$($kept.JobId)\s+\w+\s+Keep\s{10,}$([regex]::Escape($kept.Reason.Substring(0, 10)))"
    }

    It 'shows the end of a long path, where its file name is' {
        $path.Target.Length | Should -BeGreaterThan 20
        $row = Get-Row -Lines $table -Start (Get-TargetTail -Target $path.Target -Width 20)
        $row | Should -BeLike '*tile-000?.tmp*DeleteAll*'
    }

    It 'shows the held job with Action Held' {
        (Get-Row -Lines $table -Start $jobHold.Target) | Should -Match "^$($jobHold.Target)\s+Failed\s+Held\s"
    }

    It 'Format-List shows the detail properties' {
        $list = Get-Rendered -InputObject $job -List
        Assert-FitsEightyColumns -Lines $list
        Get-ListLabel -Lines $list | Should -Be 'Target', 'TargetKind', 'JobId', 'Status', 'RawStatus', 'WorkflowType', 'CompletedAt',
            'Age', 'Policy', 'Action', 'SizeBytes', 'Paths', 'Reason'
        Assert-ListValue -Lines $list -Label 'Target' -Expected $job.JobId
        Assert-ListValue -Lines $list -Label 'TargetKind' -Expected 'Job'
        Assert-ListValue -Lines $list -Label 'JobId' -Expected $job.JobId
        Assert-ListValue -Lines $list -Label 'RawStatus' -Expected $job.RawStatus
        Assert-ListValue -Lines $list -Label 'WorkflowType' -Expected $job.WorkflowType
        Assert-ListValue -Lines $list -Label 'Age' -Expected ('{0:0.0} days' -f $job.Age.TotalDays)
        Assert-ListValue -Lines $list -Label 'Policy' -Expected 'successful_jobs'
        Assert-ListValue -Lines $list -Label 'SizeBytes' -Expected "$($job.SizeBytes)"
        Assert-ListValue -Lines $list -Label 'Paths' -Expected $job.Paths
        $job.Paths.Count | Should -BeGreaterThan 1
        Get-ListValue -Lines $list -Label 'CompletedAt' | Should -Match $job.CompletedAt.Year
        Assert-ListValue -Lines $list -Label 'Reason' -Expected $job.Reason
    }
}

Describe 'CleanupResult views' {
    BeforeAll {
        $table = Get-Rendered -InputObject $results
        $deleted = $results | Where-Object { $_.Outcome -eq 'Deleted' -and $_.TargetKind -eq 'Job' } | Select-Object -First 1
        $held = $results | Where-Object Action -eq 'Held' | Select-Object -First 1
        $path = $results | Where-Object TargetKind -eq 'Path' | Select-Object -First 1
    }

    It 'renders a table that fits 80 columns with Target, Action, Outcome, Freed and Reason' {
        Assert-FitsEightyColumns -Lines $table
        Get-Header -Lines $table | Should -Be 'Target', 'Action', 'Outcome', 'Freed', 'Reason'
    }

    It 'shows a deleted job''s outcome, the bytes freed and the start of its reason' {
        $row = Get-Row -Lines $table -Start $deleted.Target
        $row | Should -Match "^$($deleted.Target)\s+Delete(Data|All)\s+Deleted\s+$([regex]::Escape((Get-SizeText $deleted.BytesFreed))) "
        $row | Should -Match ([regex]::Escape($deleted.Reason.Substring(0, 20)))
    }

    It 'shows the held job as Held and Skipped' {
        $held.Target | Should -Be $heldId
        (Get-Row -Lines $table -Start $heldId) | Should -Match "^$heldId\s+Held\s+Skipped\s+0 B "
    }

    It 'shows the end of a deleted path' {
        (Get-Row -Lines $table -Start (Get-TargetTail -Target $path.Target -Width 20)) | Should -BeLike '*tile-000?.tmp*DeleteAll*Deleted*'
    }

    It 'Format-List shows the detail properties' {
        $list = Get-Rendered -InputObject $deleted -List
        Assert-FitsEightyColumns -Lines $list
        Get-ListLabel -Lines $list | Should -Be 'Target', 'TargetKind', 'JobId', 'Policy', 'Status', 'CompletedAt', 'Action', 'Outcome',
            'DataDeleted', 'ConfigPreserved', 'BytesFreed', 'SizeFreedMB', 'BytesMoved', 'SizeMovedMB', 'FilesDeleted', 'DirectoriesDeleted', 'Errors', 'Reason'
        Assert-ListValue -Lines $list -Label 'Target' -Expected $deleted.Target
        Assert-ListValue -Lines $list -Label 'TargetKind' -Expected 'Job'
        Assert-ListValue -Lines $list -Label 'Policy' -Expected $deleted.Policy
        Assert-ListValue -Lines $list -Label 'Outcome' -Expected 'Deleted'
        Assert-ListValue -Lines $list -Label 'DataDeleted' -Expected 'True'
        Assert-ListValue -Lines $list -Label 'ConfigPreserved' -Expected 'True'
        Assert-ListValue -Lines $list -Label 'BytesFreed' -Expected "$($deleted.BytesFreed)"
        Assert-ListValue -Lines $list -Label 'FilesDeleted' -Expected $deleted.FilesDeleted
        Assert-ListValue -Lines $list -Label 'DirectoriesDeleted' -Expected $deleted.DirectoriesDeleted
        Assert-ListValue -Lines $list -Label 'Reason' -Expected $deleted.Reason
        Assert-ListValue -Lines $list -Label 'Errors' -Expected ''
    }
}

Describe 'CleanupRunSummary view' {
    It 'is a list by default, with the run id, trigger and every count' {
        $default = Get-Rendered -InputObject $summary
        Assert-FitsEightyColumns -Lines $default
        Assert-ListValue -Lines $default -Label 'RunId' -Expected $summary.RunId
        Assert-ListValue -Lines $default -Label 'Trigger' -Expected 'Manual'
        Assert-ListValue -Lines $default -Label 'JobsHeld' -Expected '1'
        Assert-ListValue -Lines $default -Label 'PathsProcessed' -Expected '2'
        Assert-ListValue -Lines $default -Label 'BackupsPurged' -Expected '0'
        Assert-ListValue -Lines $default -Label 'TotalBytesFreed' -Expected "$($summary.TotalBytesFreed)"
        Assert-ListValue -Lines $default -Label 'SuccessfulJobsProcessed' -Expected "$($summary.SuccessfulJobsProcessed)"
        $listed = Get-Rendered -InputObject $summary -List
        $listed | Should -Be $default
    }
}

Describe 'StorageStat views' {
    BeforeAll {
        $table = Get-Rendered -InputObject $stats
        $resultsRoot = $stats | Where-Object Root -eq 'results'
    }

    It 'renders a table that fits 80 columns with Root, Health, Used%, Size, Files, Reclaimable and Path' {
        Assert-FitsEightyColumns -Lines $table
        Get-Header -Lines $table | Should -Be 'Root', 'Health', 'Used%', 'Size', 'Files', 'Reclaimable', 'Path'
        @($table | Select-Object -Skip 2) | Should -HaveCount $stats.Count
    }

    It 'shows a root''s health, usage, size, files, reclaimable size and the start of its path' {
        $row = Get-Row -Lines $table -Start 'results '
        $expected = 'results\s+{0}\s+{1}\s+{2}\s+{3}\s+{4} ' -f $resultsRoot.Health, ('{0:0.0}' -f $resultsRoot.UsagePercent),
            [regex]::Escape((Get-SizeText $resultsRoot.Bytes)), $resultsRoot.Files, [regex]::Escape((Get-SizeText $resultsRoot.ReclaimableBytes))
        $row | Should -Match "^$expected"
        $row | Should -Match ([regex]::Escape($resultsRoot.Path.Substring(0, 20)))
    }

    It 'Format-List shows the detail properties' {
        $list = Get-Rendered -InputObject $resultsRoot -List
        Assert-FitsEightyColumns -Lines $list
        Get-ListLabel -Lines $list | Should -Be 'Root', 'Path', 'Exists', 'Health', 'UsagePercent', 'Bytes', 'Files', 'Directories',
            'ReclaimableBytes', 'FileSystemTotalBytes', 'FileSystemFreeBytes'
        Assert-ListValue -Lines $list -Label 'Exists' -Expected 'True'
        Assert-ListValue -Lines $list -Label 'Bytes' -Expected "$($resultsRoot.Bytes)"
        Assert-ListValue -Lines $list -Label 'Directories' -Expected "$($resultsRoot.Directories)"
        Assert-ListValue -Lines $list -Label 'ReclaimableBytes' -Expected "$($resultsRoot.ReclaimableBytes)"
        Assert-ListValue -Lines $list -Label 'FileSystemTotalBytes' -Expected "$($resultsRoot.FileSystemTotalBytes)"
        Assert-ListValue -Lines $list -Label 'FileSystemFreeBytes' -Expected "$($resultsRoot.FileSystemFreeBytes)"
    }
}

Describe 'RetentionPolicy views' {
    BeforeAll {
        $table = Get-Rendered -InputObject $policies
    }

    It 'renders a table that fits 80 columns with Name, Target, Retention, Action, Enabled and Source' {
        Assert-FitsEightyColumns -Lines $table
        Get-Header -Lines $table | Should -Be 'Name', 'Target', 'Retention', 'Action', 'Enabled', 'Source'
        @($table | Select-Object -Skip 2) | Should -HaveCount $policies.Count
    }

    It 'shows <Name> as <Pattern>' -ForEach @(
        @{ Name = 'successful_jobs'; Pattern = '^successful_jobs\s+completed\s+7d\s+DeleteData\s+True\s+Default$' }
        @{ Name = 'failed_jobs'; Pattern = '^failed_jobs\s+failed\s+12h\s+DeleteAll\s+True\s+Default$' }
        @{ Name = 'completed_operations'; Pattern = '^completed_operations\s+paths\s+90d\s+DeleteAll\s+True\s+Default$' }
        @{ Name = 'temp_files'; Pattern = '^temp_files\s+paths\s+1d\s+DeleteAll\s+True\s+Stored$' }
    ) {
        (Get-Row -Lines $table -Start "$Name ").TrimEnd() | Should -Match $Pattern
    }

    It 'Format-List shows the detail properties' {
        $policy = $policies | Where-Object Name -eq 'temp_files'
        $list = Get-Rendered -InputObject $policy -List
        Assert-FitsEightyColumns -Lines $list
        Get-ListLabel -Lines $list | Should -Be 'Name', 'Description', 'TargetKind', 'Target', 'Status', 'Component', 'Root', 'Patterns',
            'MatchStatus', 'Retention', 'RetentionHours', 'RetentionDays', 'Action', 'Enabled', 'KeepNewest', 'KeepNewestPerWorkflow',
            'Source', 'DefinitionSource', 'UpdatedAt', 'UpdatedBy'
        Assert-ListValue -Lines $list -Label 'Description' -Expected $policy.Description
        Assert-ListValue -Lines $list -Label 'TargetKind' -Expected 'PathClass'
        Assert-ListValue -Lines $list -Label 'Root' -Expected $policy.Root
        Assert-ListValue -Lines $list -Label 'Patterns' -Expected $policy.Patterns
        Assert-ListValue -Lines $list -Label 'RetentionHours' -Expected '24'
        Assert-ListValue -Lines $list -Label 'KeepNewest' -Expected ''
        Assert-ListValue -Lines $list -Label 'Source' -Expected 'Stored'
        Assert-ListValue -Lines $list -Label 'DefinitionSource' -Expected 'Stored'
        Assert-ListValue -Lines $list -Label 'UpdatedBy' -Expected $policy.UpdatedBy
    }
}

Describe 'CleanupHold views' {
    BeforeAll {
        $table = Get-Rendered -InputObject $holds
    }

    It 'renders a table that fits 80 columns with Id, Kind, Target, ExpiresAt and Reason' {
        Assert-FitsEightyColumns -Lines $table
        Get-Header -Lines $table | Should -Be 'Id', 'Kind', 'Target', 'ExpiresAt', 'Reason'
    }

    It 'shows a job hold''s id, target, expiry and the start of its reason' {
        $expires = $jobHold.ExpiresAt.ToLocalTime().ToString('yyyy-MM-dd HH:mm')
        $row = Get-Row -Lines $table -Start "$($jobHold.Id) Job "
        $row | Should -Match "^\s*$($jobHold.Id) Job\s+$($jobHold.Target)\s+$expires\s+$([regex]::Escape($longReason.Substring(0, 24)))"
    }

    It 'shows the end of a path hold''s pattern and never for no expiry' {
        $row = Get-Row -Lines $table -Start "$($pathHold.Id) Path "
        $row.TrimEnd() | Should -Match ([regex]::Escape((Get-TargetTail -Target $pathHold.Target -Width 24)) + '\s+never\s+reference DEMs$')
    }

    It 'Format-List shows the detail properties' {
        $list = Get-Rendered -InputObject $holds -List
        Assert-FitsEightyColumns -Lines $list
        Get-ListLabel -Lines $list | Should -Be (@('Id', 'Kind', 'Target', 'Reason', 'ExpiresAt', 'CreatedAt', 'CreatedBy') * 2)
        $list = Get-Rendered -InputObject $jobHold -List
        Assert-ListValue -Lines $list -Label 'Target' -Expected $jobHold.Target
        Assert-ListValue -Lines $list -Label 'Reason' -Expected $longReason
        Get-ListValue -Lines $list -Label 'CreatedAt' | Should -Match $jobHold.CreatedAt.Year
        Assert-ListValue -Lines (Get-Rendered -InputObject $pathHold -List) -Label 'ExpiresAt' -Expected 'never'
        Assert-ListValue -Lines $list -Label 'CreatedBy' -Expected $jobHold.CreatedBy
    }
}

Describe 'CleanupAuditEntry views' {
    BeforeAll {
        $table = Get-Rendered -InputObject $history
        $run = $history | Where-Object TargetKind -eq 'run'
        $job = $history | Where-Object TargetKind -eq 'job' | Select-Object -First 1
        $path = $history | Where-Object TargetKind -eq 'path' | Select-Object -First 1
    }

    It 'renders a table that fits 80 columns with Timestamp, Target, Outcome, Size and Error' {
        Assert-FitsEightyColumns -Lines $table
        Get-Header -Lines $table | Should -Be 'Timestamp', 'Target', 'Outcome', 'Size', 'Error'
        @($table | Select-Object -Skip 2) | Should -HaveCount $history.Count
    }

    It 'shows a job row''s time, target, outcome and size' {
        $time = $job.Timestamp.ToLocalTime().ToString('yyyy-MM-dd HH:mm')
        $row = @($table | Where-Object { $_.Contains(" $($job.Target) ") })
        $row | Should -HaveCount 1
        $row[0] | Should -Match "^$time $($job.Target)\s+Deleted\s+$([regex]::Escape((Get-SizeText $job.Bytes)))\s*$"
    }

    It 'shows the run row with the end of its run id, its outcome and the total size' {
        $row = @($table | Where-Object { $_.Contains((Get-TargetTail -Target $run.Target -Width 20)) })
        $row | Should -HaveCount 1
        $row[0] | Should -Match "\s+Completed\s+$([regex]::Escape((Get-SizeText $summary.TotalBytesFreed)))\s*$"
    }

    It 'shows the end of a path row''s target' {
        @($table | Where-Object { $_.Contains((Get-TargetTail -Target $path.Target -Width 20)) }) | Should -HaveCount 1
    }

    It 'Format-List shows the detail properties' {
        $list = Get-Rendered -InputObject $job -List
        Assert-FitsEightyColumns -Lines $list
        Get-ListLabel -Lines $list | Should -Be 'Id', 'RunId', 'Timestamp', 'User', 'Host', 'Trigger', 'TargetKind', 'Target', 'JobId',
            'Policy', 'Action', 'Outcome', 'Bytes', 'BytesFreed', 'BytesMoved', 'SizeMB', 'Error'
        Assert-ListValue -Lines $list -Label 'RunId' -Expected $summary.RunId
        Assert-ListValue -Lines $list -Label 'Trigger' -Expected 'Manual'
        Assert-ListValue -Lines $list -Label 'User' -Expected $job.User
        Assert-ListValue -Lines $list -Label 'TargetKind' -Expected 'job'
        Assert-ListValue -Lines $list -Label 'Target' -Expected $job.Target
        Assert-ListValue -Lines $list -Label 'JobId' -Expected $job.JobId
        Assert-ListValue -Lines $list -Label 'Action' -Expected $job.Action
        Assert-ListValue -Lines $list -Label 'Bytes' -Expected "$($job.Bytes)"
        Assert-ListValue -Lines $list -Label 'Error' -Expected ''
    }
}
