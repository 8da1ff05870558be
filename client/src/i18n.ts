import { getSystemLanguage } from './platform/system';

const zhCN = {
  appName: 'Tandem',
  'signin.title': '欢迎来到 Tandem',
  'signin.subtitle.guest': '输入昵称开始聊天：游客账号只能在这台设备上使用',
  'signin.subtitle.signin': '用户名和密码登录，手机和电脑上都是同一个账号',
  'signin.subtitle.signup': '注册一个账号，在所有设备上登录',
  'signin.subtitle.wechat': '用微信账号登录',
  'signin.modeGuest': '游客',
  'signin.modeSignIn': '登录',
  'signin.modeSignUp': '注册',
  'signin.nickname': '昵称',
  'signin.username': '用户名',
  'signin.password': '密码',
  'signin.newPassword': '密码（至少 8 个字符）',
  'signin.displayNameOptional': '显示名称（可选，默认为用户名）',
  'signin.wrongPassword': '用户名或密码不对',
  'signin.usernameTaken': '这个用户名已被使用，换一个试试',
  'signin.accountRules': '用户名为 3-32 个字母、数字或 _ . -，密码至少 8 个字符',
  'signin.submit.guest': '进入',
  'signin.submit.signin': '登录',
  'signin.submit.signup': '注册并进入',
  'signin.busy': '正在进入…',
  'signin.nicknameOptional': '昵称（可选，首次登录时使用）',
  'signin.wechat': '微信登录',
  'signin.wechatBusy': '正在登录…',
  'signin.invited': '登录后即可加入邀请你的聊天室',
  'wechat.invalidCode': '微信登录凭证无效或已使用，请重试',
  'wechat.blocked': '微信不允许该账号登录',
  'wechat.rateLimited': '登录太频繁，请稍后再试',
  'wechat.notConfigured': '服务器未开启微信登录，请使用昵称登录',
  'wechat.unavailable': '微信登录服务暂时不可用，请稍后再试',
  'wechat.loginFailed': '无法获取微信登录凭证，请检查网络后重试',
  'rooms.title': '聊天室',
  'rooms.createPlaceholder': '新聊天室名称',
  'rooms.create': '创建',
  'rooms.joinPlaceholder': '输入聊天室 ID 加入',
  'rooms.join': '加入',
  'rooms.empty': '还没有聊天室，创建一个吧',
  'rooms.noMessages': '暂无消息',
  'rooms.online': '{count} 人在线',
  'rooms.signOut': '退出',
  'rooms.signOutConfirm': '退出登录？可以随时用用户名和密码（或微信）再登录回来。',
  'chat.leaveConfirm': '退出这个聊天室？之后不再收到它的消息。',
  'chat.leaveConfirmPrivate': '退出这个私密聊天室？之后需要新的邀请才能回来。',
  'confirm.cancel': '取消',
  'guest.notice': '你正在以游客身份使用：设置用户名和密码后，可以在其他设备登录同一个账号。',
  'guest.signOutWarning': '游客账号退出后无法再登录，聊天室和消息都会找不回。先设置用户名和密码吗？',
  'guest.claim': '设置用户名和密码',
  'guest.cancel': '不退出了',
  'guest.signOutAnyway': '仍然退出',
  'guest.claimSubmit': '保存',
  'guest.claimBusy': '正在保存…',
  'rooms.signOutAll': '退出所有设备',
  'rooms.public': '公开',
  'rooms.private': '私密',
  'rooms.privateMark': '私密聊天室',
  'profile.title': '我的资料',
  'profile.avatarChange': '更换头像',
  'profile.avatarBusy': '正在上传…',
  'profile.avatarRemove': '移除头像',
  'profile.avatarNotImage': '这不是可用的图片，请选择 JPEG、PNG、WebP 或 GIF 图片',
  'profile.avatarTooLarge': '图片太大了，请选择 5 MB 以内的图片',
  'profile.name': '显示名称',
  'profile.nameHint': '其他人看到的名字',
  'profile.nameHintAccount': '其他人看到的名字；登录仍使用用户名 {username}',
  'profile.nameSave': '保存',
  'profile.nameSaving': '正在保存…',
  'profile.nameSaved': '已保存',
  'profile.account': '账号',
  'privacy.explain': '设置头像和昵称需要你先同意本小程序的隐私保护指引：头像和昵称会显示给聊天室里的其他人。',
  'privacy.guide': '查看隐私保护指引',
  'privacy.agree': '同意',
  'privacy.disagree': '不同意',
  'chat.placeholder': '输入消息',
  'chat.send': '发送',
  'chat.loadOlder': '加载更早的消息',
  'chat.loadNewer': '加载更新的消息',
  'chat.loadingOlder': '加载中…',
  'chat.beginning': '已经到顶了',
  'chat.pending': '发送中',
  'chat.failed': '发送失败',
  'chat.retry': '重试',
  'chat.typingOne': '{name} 正在输入…',
  'chat.typingMany': '{count} 人正在输入…',
  'chat.online': '在线：{names}',
  'chat.roomId': 'ID：{id}',
  'chat.leave': '退出聊天室',
  'chat.back': '返回',
  'chat.empty': '还没有消息，说点什么吧',
  'chat.invite': '邀请',
  'chat.joining': '正在加入聊天室…',
  'chat.inviteRefused': '无法加入：邀请链接无效或已过期，或聊天室已满',
  'chat.toRooms': '返回聊天室列表',
  'invite.title': '邀请好友加入「{name}」',
  'invite.creating': '正在生成邀请链接…',
  'invite.copy': '复制链接',
  'invite.copied': '已复制',
  'invite.copyFailed': '复制失败，请长按链接手动复制',
  'invite.share': '发送给微信好友',
  'invite.expires': '{time} 前有效，任何拿到链接的人都可以加入',
  'invite.close': '关闭',
  'invite.shareTitle': '邀请你加入「{name}」',
  'conn.connecting': '正在连接…',
  'conn.online': '已连接',
  'conn.reconnecting': '连接断开，{seconds} 秒后重连 · 点击立即重试',
  'conn.reconnectingNow': '正在重新连接…',
  'conn.offline': '离线 · 点击重试',
  'conn.offlineNetwork': '网络不可用',
  'error.OFFLINE': '未连接到服务器',
  'error.TIMEOUT': '服务器没有响应，请重试',
  'error.INVALID_PAYLOAD': '输入内容无效',
  'error.NOT_FOUND': '聊天室不存在',
  'error.FORBIDDEN': '没有权限',
  'error.RATE_LIMITED': '操作太频繁，请稍后再试',
  'error.PAYLOAD_TOO_LARGE': '内容太长',
  'error.UNAUTHORIZED': '登录已过期，请重新进入',
  'error.CONFLICT': '已经存在，换一个试试',
  'error.INTERNAL': '服务器出错了，请重试',
  'error.OUTBOX_FULL': '未发送的消息太多，请等它们发出后再发',
  'conn.storageFailed': '存储空间已满，新内容可能无法保存',
  'chat.today': '今天',
  'chat.yesterday': '昨天',
  'chat.weekday0': '星期日',
  'chat.weekday1': '星期一',
  'chat.weekday2': '星期二',
  'chat.weekday3': '星期三',
  'chat.weekday4': '星期四',
  'chat.weekday5': '星期五',
  'chat.weekday6': '星期六',
  'chat.month1': '1月',
  'chat.month2': '2月',
  'chat.month3': '3月',
  'chat.month4': '4月',
  'chat.month5': '5月',
  'chat.month6': '6月',
  'chat.month7': '7月',
  'chat.month8': '8月',
  'chat.month9': '9月',
  'chat.month10': '10月',
  'chat.month11': '11月',
  'chat.month12': '12月',
  'chat.fullDate': '{year}年{month}{day}日',
  'chat.newMessages': '{count} 条新消息',
  'chat.unreadDivider': '以下为新消息',
  'chat.sent': '已发送',
  'chat.messages': '消息',
  'rooms.pickRoom': '选择一个聊天室开始聊天',
  'devices.open': '设备',
  'devices.close': '收起设备',
  'devices.title': '登录的设备',
  'devices.loading': '正在读取设备…',
  'devices.current': '本机',
  'devices.lastSeen': '最近活动 {time}',
  'devices.signOut': '退出',
  'devices.signOutConfirm': '让“{device}”退出登录？那台设备需要重新登录。',
  'devices.empty': '没有其他设备',
};

export type MessageKey = keyof typeof zhCN;

const en: Record<MessageKey, string> = {
  appName: 'Tandem',
  'signin.title': 'Welcome to Tandem',
  'signin.subtitle.guest': 'Pick a nickname to start chatting: a guest account stays on this device',
  'signin.subtitle.signin': 'Sign in with your username and password: one account on your phone and computer',
  'signin.subtitle.signup': 'Create an account to sign in on every device',
  'signin.subtitle.wechat': 'Sign in with your WeChat account',
  'signin.modeGuest': 'Guest',
  'signin.modeSignIn': 'Sign in',
  'signin.modeSignUp': 'Sign up',
  'signin.nickname': 'Nickname',
  'signin.username': 'Username',
  'signin.password': 'Password',
  'signin.newPassword': 'Password (8 characters or more)',
  'signin.displayNameOptional': 'Display name (optional, your username otherwise)',
  'signin.wrongPassword': 'Wrong username or password',
  'signin.usernameTaken': 'That username is taken. Try another.',
  'signin.accountRules': 'Usernames are 3-32 letters, digits, _ . or -; passwords 8 characters or more',
  'signin.submit.guest': 'Enter',
  'signin.submit.signin': 'Sign in',
  'signin.submit.signup': 'Create account',
  'signin.busy': 'Entering…',
  'signin.nicknameOptional': 'Nickname (optional, used on your first sign-in)',
  'signin.wechat': 'Sign in with WeChat',
  'signin.wechatBusy': 'Signing in…',
  'signin.invited': 'Sign in to join the room you were invited to',
  'wechat.invalidCode': 'WeChat did not accept the sign-in code. Try again.',
  'wechat.blocked': 'WeChat does not allow this account to sign in.',
  'wechat.rateLimited': 'Too many sign-ins. Try again in a moment.',
  'wechat.notConfigured': 'This server does not offer WeChat sign-in. Use a nickname.',
  'wechat.unavailable': 'WeChat sign-in is unavailable right now. Try again later.',
  'wechat.loginFailed': 'Could not get a sign-in code from WeChat. Check the network and try again.',
  'rooms.title': 'Rooms',
  'rooms.createPlaceholder': 'New room name',
  'rooms.create': 'Create',
  'rooms.joinPlaceholder': 'Room ID to join',
  'rooms.join': 'Join',
  'rooms.empty': 'No rooms yet. Create one!',
  'rooms.noMessages': 'No messages yet',
  'rooms.online': '{count} online',
  'rooms.signOut': 'Sign out',
  'rooms.signOutConfirm': 'Sign out? You can sign in again any time with your username and password (or WeChat).',
  'chat.leaveConfirm': 'Leave this room? You will stop getting its messages.',
  'chat.leaveConfirmPrivate': 'Leave this private room? Coming back will take a new invite.',
  'confirm.cancel': 'Cancel',
  'guest.notice': 'You are a guest: set a username and password to sign in to this account on other devices.',
  'guest.signOutWarning':
    'A guest cannot sign in again after signing out: its rooms and messages would be lost. Set a username and password first?',
  'guest.claim': 'Set a username and password',
  'guest.cancel': 'Stay signed in',
  'guest.signOutAnyway': 'Sign out anyway',
  'guest.claimSubmit': 'Save',
  'guest.claimBusy': 'Saving…',
  'rooms.signOutAll': 'Sign out everywhere',
  'rooms.public': 'Public',
  'rooms.private': 'Private',
  'rooms.privateMark': 'Private room',
  'profile.title': 'My profile',
  'profile.avatarChange': 'Change picture',
  'profile.avatarBusy': 'Uploading…',
  'profile.avatarRemove': 'Remove picture',
  'profile.avatarNotImage': 'That is not an image we can use. Choose a JPEG, PNG, WebP or GIF picture.',
  'profile.avatarTooLarge': 'That picture is too large. Choose one under 5 MB.',
  'profile.name': 'Display name',
  'profile.nameHint': 'The name others see',
  'profile.nameHintAccount': 'The name others see; you still sign in with your username {username}',
  'profile.nameSave': 'Save',
  'profile.nameSaving': 'Saving…',
  'profile.nameSaved': 'Saved',
  'profile.account': 'Account',
  'privacy.explain':
    'To set a picture and a name, first agree to this mini program’s privacy guide: both are shown to the people in your rooms.',
  'privacy.guide': 'Read the privacy guide',
  'privacy.agree': 'Agree',
  'privacy.disagree': 'Disagree',
  'chat.placeholder': 'Message',
  'chat.send': 'Send',
  'chat.loadOlder': 'Load older messages',
  'chat.loadNewer': 'Load newer messages',
  'chat.loadingOlder': 'Loading…',
  'chat.beginning': 'This is the beginning of the room',
  'chat.pending': 'Sending',
  'chat.failed': 'Not sent',
  'chat.retry': 'Retry',
  'chat.typingOne': '{name} is typing…',
  'chat.typingMany': '{count} people are typing…',
  'chat.online': 'Online: {names}',
  'chat.roomId': 'ID: {id}',
  'chat.leave': 'Leave room',
  'chat.back': 'Back',
  'chat.empty': 'No messages yet. Say hello!',
  'chat.invite': 'Invite',
  'chat.joining': 'Joining the room…',
  'chat.inviteRefused': 'Could not join: the invite is invalid or expired, or the room is full.',
  'chat.toRooms': 'Back to the room list',
  'invite.title': 'Invite someone to {name}',
  'invite.creating': 'Creating an invite link…',
  'invite.copy': 'Copy link',
  'invite.copied': 'Copied',
  'invite.copyFailed': 'Could not copy. Select the link and copy it.',
  'invite.share': 'Send to a WeChat friend',
  'invite.expires': 'Valid until {time}. Anyone with the link can join.',
  'invite.close': 'Close',
  'invite.shareTitle': 'Join me in {name}',
  'conn.connecting': 'Connecting…',
  'conn.online': 'Online',
  'conn.reconnecting': 'Disconnected. Reconnecting in {seconds}s · tap to retry now',
  'conn.reconnectingNow': 'Reconnecting…',
  'conn.offline': 'Offline · tap to retry',
  'conn.offlineNetwork': 'No network',
  'error.OFFLINE': 'Not connected to the server',
  'error.TIMEOUT': 'The server did not answer. Try again.',
  'error.INVALID_PAYLOAD': 'That input is not valid',
  'error.NOT_FOUND': 'No such room',
  'error.FORBIDDEN': 'Not allowed',
  'error.RATE_LIMITED': 'Too fast. Try again in a moment.',
  'error.PAYLOAD_TOO_LARGE': 'Too long',
  'error.UNAUTHORIZED': 'Your session expired. Please sign in again.',
  'error.CONFLICT': 'That already exists. Try another.',
  'error.INTERNAL': 'Something went wrong on the server. Try again.',
  'error.OUTBOX_FULL': 'Too many unsent messages. Wait until they are sent.',
  'conn.storageFailed': 'Storage is full: new data may not be saved',
  'chat.today': 'Today',
  'chat.yesterday': 'Yesterday',
  'chat.weekday0': 'Sunday',
  'chat.weekday1': 'Monday',
  'chat.weekday2': 'Tuesday',
  'chat.weekday3': 'Wednesday',
  'chat.weekday4': 'Thursday',
  'chat.weekday5': 'Friday',
  'chat.weekday6': 'Saturday',
  'chat.month1': 'January',
  'chat.month2': 'February',
  'chat.month3': 'March',
  'chat.month4': 'April',
  'chat.month5': 'May',
  'chat.month6': 'June',
  'chat.month7': 'July',
  'chat.month8': 'August',
  'chat.month9': 'September',
  'chat.month10': 'October',
  'chat.month11': 'November',
  'chat.month12': 'December',
  'chat.fullDate': '{month} {day}, {year}',
  'chat.newMessages': '{count} new messages',
  'chat.unreadDivider': 'New messages',
  'chat.sent': 'Sent',
  'chat.messages': 'Messages',
  'rooms.pickRoom': 'Choose a room to start chatting',
  'devices.open': 'Devices',
  'devices.close': 'Hide devices',
  'devices.title': 'Signed-in devices',
  'devices.loading': 'Loading devices…',
  'devices.current': 'This device',
  'devices.lastSeen': 'Last active {time}',
  'devices.signOut': 'Sign out',
  'devices.signOutConfirm': 'Sign out “{device}”? That device will have to sign in again.',
  'devices.empty': 'No other devices',
};

export type Locale = 'zh-CN' | 'en';

const tables: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/** Chinese systems and unknown languages get zh-CN (the default); English ones get en. */
export function localeFor(systemLanguage: string): Locale {
  return /^en\b|^en[-_]/i.test(systemLanguage) ? 'en' : 'zh-CN';
}

let locale: Locale = localeFor(getSystemLanguage());

export function getLocale(): Locale {
  return locale;
}

export function setLocale(next: Locale): void {
  locale = next;
}

/** The UI string for `key` in the current locale, with `{name}` placeholders filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = tables[locale][key];
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

/** The message for an error code, falling back to the generic server error. */
export function errorText(code: string): string {
  const key = `error.${code}` as MessageKey;
  return key in zhCN ? t(key) : t('error.INTERNAL');
}

/** What the server's WeChat sign-in answers mean, by HTTP status (see docs/protocol.md). */
const WECHAT_ERRORS: Record<number, MessageKey> = {
  401: 'wechat.invalidCode',
  403: 'wechat.blocked',
  429: 'wechat.rateLimited',
  501: 'wechat.notConfigured',
  502: 'wechat.unavailable',
};

/** The message for a failed WeChat sign-in. */
export function wechatErrorText(error: { code: string; status?: number }): string {
  const key = error.status === undefined ? undefined : WECHAT_ERRORS[error.status];
  if (key) return t(key);
  return error.code === 'LOGIN_FAILED' ? t('wechat.loginFailed') : errorText(error.code);
}

/** Clock time for a message: HH:MM today, otherwise MM-DD HH:MM. */
export function formatTime(epochMs: number, now = Date.now()): string {
  const date = new Date(epochMs);
  const pad = (value: number) => String(value).padStart(2, '0');
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return new Date(now).toDateString() === date.toDateString()
    ? time
    : `${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${time}`;
}

/** A calendar day in local time, `YYYY-M-D`: equal for two times on the same day. */
export function dayKey(epochMs: number): string {
  const date = new Date(epochMs);
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

/** A day separator: today, yesterday, the weekday within the last week, otherwise the full date. */
export function formatDay(epochMs: number, now = Date.now()): string {
  const date = new Date(epochMs);
  const midnight = (time: number) => {
    const day = new Date(time);
    return new Date(day.getFullYear(), day.getMonth(), day.getDate()).getTime();
  };
  const daysAgo = Math.round((midnight(now) - midnight(epochMs)) / 86_400_000);
  if (daysAgo === 0) return t('chat.today');
  if (daysAgo === 1) return t('chat.yesterday');
  if (daysAgo > 1 && daysAgo < 7) return t(`chat.weekday${date.getDay()}` as MessageKey);
  return t('chat.fullDate', {
    year: date.getFullYear(),
    month: t(`chat.month${date.getMonth() + 1}` as MessageKey),
    day: date.getDate(),
  });
}

/** Clock time only (HH:MM), for a message under a day separator. */
export function formatClock(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
