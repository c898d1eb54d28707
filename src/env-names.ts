// Environment variable names that programs of a later step read as instructions: set from data,
// any of them turns a secret's key or a parameter's name into code execution (BASH_ENV, LD_PRELOAD,
// NODE_OPTIONS, GIT_CONFIG_*), a hijacked connection (AWS_ENDPOINT_URL_*, HTTPS_PROXY,
// SSL_CERT_FILE) or a forged step (GITHUB_*, STATE_*). export-env never exports one of them under a
// name that data chose. The README's table is checked against this list by a test.
//
// Names are compared without regard to case: curl and others read `http_proxy` in lower case, and
// on Windows runners `path` is PATH.

export interface ReservedFamily {
  /** Who reads them, as the README and the error say it: "it means something to <who>". */
  readonly who: string;
  readonly names: readonly string[];
  /** Every name starting with one of these (upper case). */
  readonly prefixes: readonly string[];
}

export const RESERVED_ENV_NAMES: readonly ReservedFamily[] = [
  {
    // The bash manual's "Shell Variables" (Bourne and bash), and what login shells and ls read.
    who: 'the shell and the programs it starts',
    names: [
      'BASH_ENV',
      'ENV',
      'IFS',
      'PS1',
      'PS2',
      'PS3',
      'PS4',
      'PROMPT_COMMAND',
      'PROMPT_DIRTRIM',
      'SHELLOPTS',
      'BASHOPTS',
      'CDPATH',
      'GLOBIGNORE',
      'EXECIGNORE',
      'FIGNORE',
      'FUNCNEST',
      'HOME',
      'PATH',
      'SHELL',
      'SHLVL',
      'PWD',
      'OLDPWD',
      'OPTIND',
      'OPTARG',
      'OPTERR',
      'MAIL',
      'MAILPATH',
      'MAILCHECK',
      'HOSTFILE',
      'INPUTRC',
      'TMOUT',
      'TMPDIR',
      'TMP',
      'TEMP',
      'POSIXLY_CORRECT',
      'ZDOTDIR',
      'USER',
      'LOGNAME',
      'TERM',
      'TERMINFO',
      'TZ',
      'EDITOR',
      'VISUAL',
      'PAGER',
      'MANPAGER',
      'BROWSER',
      'DISPLAY',
      'GZIP',
      'XZ_OPT',
      'XZ_DEFAULTS',
      'TAR_OPTIONS',
      'WGETRC',
      'GNUPGHOME',
      'SUDO_ASKPASS',
      'LESS',
      'LESSOPEN',
      'LESSCLOSE',
      'LESSKEY',
      'LESSSECURE',
      'LESSCHARSET',
      'LESSEDIT',
    ],
    prefixes: ['BASH', 'HIST', 'XDG_', 'SSH_', 'ZSH'],
  },
  {
    // Locale: how every program parses and prints; glibc also loads modules named by locale paths.
    who: 'the C library (locale)',
    names: ['LANG', 'LANGUAGE', 'LOCPATH', 'NLSPATH', 'GCONV_PATH', 'HOSTALIASES', 'RES_OPTIONS'],
    prefixes: ['LC_'],
  },
  {
    who: 'the dynamic loader',
    names: ['GLIBC_TUNABLES'],
    prefixes: ['LD_', 'DYLD_', 'MALLOC_'],
  },
  {
    // GIT_CONFIG_COUNT/KEY_n/VALUE_n set any configuration, hooks included.
    who: 'git',
    names: [],
    prefixes: ['GIT_'],
  },
  {
    who: 'Node.js and npm',
    names: [],
    prefixes: ['NODE_', 'NPM_', 'YARN_', 'COREPACK_', 'BUN_', 'DENO_'],
  },
  {
    who: 'Python',
    names: ['VIRTUAL_ENV'],
    prefixes: ['PYTHON', 'PIP_', 'UV_', 'CONDA_'],
  },
  {
    who: 'Perl, Ruby and PHP',
    names: ['RUBYOPT', 'RUBYLIB', 'PHPRC', 'PHP_INI_SCAN_DIR'],
    prefixes: ['PERL', 'GEM_', 'BUNDLE_', 'BUNDLER_'],
  },
  {
    who: 'Java and its build tools',
    names: ['_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS', 'CLASSPATH', 'M2_HOME'],
    prefixes: ['JAVA_', 'MAVEN_', 'GRADLE_'],
  },
  {
    who: 'Go, Rust and .NET',
    names: [
      'GOFLAGS',
      'GOPROXY',
      'GOPATH',
      'GOROOT',
      'GOTOOLCHAIN',
      'GOSUMDB',
      'GONOSUMDB',
      'GONOSUMCHECK',
      'GONOPROXY',
      'GOPRIVATE',
      'GOINSECURE',
      'GOENV',
      'GOCACHE',
      'GOMODCACHE',
      'GOEXPERIMENT',
      'GODEBUG',
      'GOOS',
      'GOARCH',
      'GOBIN',
      'GOWORK',
      'GOTMPDIR',
      'GOVCS',
      'GOAUTH',
      'RUSTFLAGS',
      'RUSTDOCFLAGS',
    ],
    prefixes: ['CGO_', 'CARGO_', 'RUSTC', 'RUSTUP_', 'DOTNET_', 'COMPLUS_', 'CORECLR_', 'NUGET_'],
  },
  {
    who: 'compilers and make',
    names: [
      'CC',
      'CXX',
      'CPP',
      'CFLAGS',
      'CXXFLAGS',
      'CPPFLAGS',
      'LDFLAGS',
      'LDLIBS',
      'MAKEFLAGS',
      'MFLAGS',
      'CPATH',
      'LIBRARY_PATH',
      'C_INCLUDE_PATH',
      'CPLUS_INCLUDE_PATH',
    ],
    prefixes: ['PKG_CONFIG'],
  },
  {
    // Where connections go and which certificates are trusted.
    who: 'TLS and proxy settings (curl, OpenSSL and most HTTP clients)',
    names: [
      'HTTP_PROXY',
      'HTTPS_PROXY',
      'ALL_PROXY',
      'NO_PROXY',
      'FTP_PROXY',
      'REQUESTS_CA_BUNDLE',
    ],
    prefixes: ['SSL_', 'CURL_', 'OPENSSL_'],
  },
  {
    // AWS_ENDPOINT_URL_*, AWS_CONFIG_FILE, AWS_PROFILE, AWS_CA_BUNDLE, credentials and region.
    who: 'the AWS SDKs and CLI',
    names: [],
    prefixes: ['AWS_'],
  },
  {
    who: 'other cloud and deployment tools',
    names: ['KUBECONFIG'],
    prefixes: ['GOOGLE_', 'CLOUDSDK_', 'AZURE_', 'ARM_', 'TF_', 'DOCKER_', 'BUILDKIT_', 'HELM_'],
  },
  {
    // The runner reads GITHUB_* and RUNNER_* files and settings, INPUT_* are a step's inputs and
    // STATE_* its post step's state; GH_* configures the gh CLI.
    who: 'GitHub Actions and the gh CLI',
    names: ['CI', 'IMAGEOS', 'IMAGEVERSION', 'AGENT_TOOLSDIRECTORY'],
    prefixes: ['GITHUB_', 'RUNNER_', 'ACTIONS_', 'INPUT_', 'STATE_', 'GH_'],
  },
  {
    who: 'Windows and PowerShell',
    names: [
      'COMSPEC',
      'PATHEXT',
      'SYSTEMROOT',
      'WINDIR',
      'USERPROFILE',
      'APPDATA',
      'LOCALAPPDATA',
      'PROGRAMDATA',
      'PSMODULEPATH',
    ],
    prefixes: ['POWERSHELL_'],
  },
];

/**
 * Who gives `name` a meaning, or undefined when nothing on the list does. Case does not matter.
 */
export function reservedEnvName(name: string): string | undefined {
  const upper = name.toUpperCase();
  for (const family of RESERVED_ENV_NAMES)
    if (family.names.includes(upper) || family.prefixes.some((prefix) => upper.startsWith(prefix)))
      return family.who;
  return undefined;
}
