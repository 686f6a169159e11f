/**
 * Every string of the interface, Vietnamese and English side by side under one key.
 * `{name}` marks a value filled in at run time; both languages use the same placeholders
 * (test/i18n.test.ts checks that, and that no text is missing).
 */
export const dictionary = {
  // ── app and navigation ──────────────────────────────────────────────────────
  'app.name': { vi: 'LienKet', en: 'LienKet' },
  'nav.label': { vi: 'Điều hướng chính', en: 'Main navigation' },
  'nav.menu': { vi: 'Menu', en: 'Menu' },
  'nav.projects': { vi: 'Đề án', en: 'Projects' },
  'nav.admin': { vi: 'Quản trị', en: 'Admin' },
  'nav.logout': { vi: 'Đăng xuất', en: 'Log out' },
  'nav.loggedInAs': { vi: 'Đang đăng nhập:', en: 'Logged in as' },
  'nav.skipToContent': { vi: 'Bỏ qua, đến nội dung chính', en: 'Skip to main content' },
  'nav.breadcrumb': { vi: 'Vị trí trang', en: 'Breadcrumb' },
  'nav.backToProjects': { vi: 'Về danh sách đề án', en: 'Back to my projects' },
  'lang.label': { vi: 'Ngôn ngữ', en: 'Language' },

  // ── common words ────────────────────────────────────────────────────────────
  'common.loading': { vi: 'Đang tải…', en: 'Loading…' },
  'common.retry': { vi: 'Thử lại', en: 'Try again' },
  'common.save': { vi: 'Lưu', en: 'Save' },
  'common.cancel': { vi: 'Hủy', en: 'Cancel' },
  'common.edit': { vi: 'Sửa', en: 'Edit' },
  'common.remove': { vi: 'Gỡ bỏ', en: 'Remove' },
  'common.actions': { vi: 'Thao tác', en: 'Actions' },
  'common.dismiss': { vi: 'Đóng thông báo', en: 'Dismiss message' },

  // ── forms and validation ────────────────────────────────────────────────────
  'form.choose': { vi: '— Chọn —', en: '— Choose —' },
  'form.fixErrors': { vi: 'Vui lòng sửa các trường được đánh dấu bên dưới.', en: 'Please correct the fields marked below.' },
  'validation.required': { vi: 'Vui lòng nhập trường này.', en: 'Please fill in this field.' },
  'validation.choose': { vi: 'Vui lòng chọn một mục.', en: 'Please choose one.' },
  'validation.email': { vi: 'Địa chỉ email không hợp lệ.', en: 'This is not a valid email address.' },
  'validation.tooShort': { vi: 'Cần ít nhất {min} ký tự.', en: 'Use at least {min} characters.' },
  'validation.tooLong': { vi: 'Tối đa {max} ký tự.', en: 'Use at most {max} characters.' },
  'validation.date': { vi: 'Ngày không hợp lệ.', en: 'This is not a valid date.' },
  'validation.endBeforeStart': { vi: 'Ngày kết thúc phải sau ngày bắt đầu.', en: 'The end date must not be before the start date.' },
  'validation.code': {
    vi: 'Chỉ gồm chữ cái không dấu, chữ số và dấu gạch ngang, tối đa 32 ký tự.',
    en: 'Letters, digits and dashes only, up to 32 characters.',
  },
  'validation.invalid': { vi: 'Giá trị không hợp lệ.', en: 'This value is not valid.' },

  // ── errors from the server (error.<reason>) ────────────────────────────────
  'error.invalid_credentials': { vi: 'Sai email hoặc mật khẩu.', en: 'Wrong email or password.' },
  'error.too_many_attempts': {
    vi: 'Đăng nhập sai quá nhiều lần. Vui lòng đợi 15 phút rồi thử lại.',
    en: 'Too many failed attempts. Please wait 15 minutes and try again.',
  },
  'error.unauthenticated': { vi: 'Phiên làm việc đã hết. Vui lòng đăng nhập lại.', en: 'Your session has ended. Please log in again.' },
  'error.not_found': { vi: 'Không tìm thấy mục này, hoặc bạn không có quyền truy cập.', en: 'Not found, or you do not have access to it.' },
  'error.admin_only': { vi: 'Chỉ quản trị viên hệ thống mới được làm việc này.', en: 'Only system administrators may do this.' },
  'error.role_not_allowed': { vi: 'Vai trò của bạn trong đề án không cho phép làm việc này.', en: 'Your role in this project does not allow this.' },
  'error.invalid_input': { vi: 'Một số thông tin chưa hợp lệ; vui lòng xem các trường được đánh dấu.', en: 'Some details are not valid; see the marked fields.' },
  'error.stale_version': {
    vi: 'Bản ghi này vừa được người khác thay đổi. Giá trị mới nhất đã được tải lại; vui lòng xem lại rồi lưu lần nữa.',
    en: 'Someone else has just changed this record. The latest values are loaded; please review them and save again.',
  },
  'error.duplicate': { vi: 'Mã hoặc email này đã được dùng cho một bản ghi khác.', en: 'This code or email is already used by another record.' },
  'error.cannot_lock_out_self': {
    vi: 'Bạn không thể tự gỡ quyền quản trị hoặc tự khóa tài khoản của mình.',
    en: 'You cannot remove your own administrator rights or deactivate your own account.',
  },
  'error.not_a_party': {
    vi: 'Tổ chức của người này không phải là bên tham gia đề án. Hãy thêm tổ chức làm bên tham gia trước.',
    en: "This person's organization is not a party of the project. Add the organization as a party first.",
  },
  'error.party_has_members': {
    vi: 'Tổ chức này vẫn còn thành viên trong đề án. Hãy gỡ các thành viên đó trước.',
    en: "This organization's people are still members of the project. Remove them first.",
  },
  'error.csrf': { vi: 'Yêu cầu bị từ chối vì không đến từ trang LienKet.', en: 'The request was refused because it did not come from LienKet.' },
  'error.network': {
    vi: 'Không kết nối được với máy chủ. Vui lòng kiểm tra mạng rồi thử lại.',
    en: 'Could not reach the server. Please check your connection and try again.',
  },
  'error.internal': {
    vi: 'Máy chủ gặp lỗi. Vui lòng thử lại sau (mã tra cứu: {requestId}).',
    en: 'The server ran into a problem. Please try again later (reference: {requestId}).',
  },
  'error.unknown': { vi: 'Đã có lỗi xảy ra. Vui lòng thử lại.', en: 'Something went wrong. Please try again.' },
  'error.loadTitle': { vi: 'Không tải được dữ liệu', en: 'Could not load this page' },

  // ── login ───────────────────────────────────────────────────────────────────
  'login.title': { vi: 'Đăng nhập', en: 'Log in' },
  'login.intro': {
    vi: 'Không gian làm việc chung của các bên trong đề án thí điểm công nghiệp.',
    en: 'The shared workspace of the parties to an industrial-policy pilot.',
  },
  'login.needed': { vi: 'Vui lòng đăng nhập để mở trang này.', en: 'Please log in to open this page.' },
  'login.email': { vi: 'Email', en: 'Email' },
  'login.password': { vi: 'Mật khẩu', en: 'Password' },
  'login.submit': { vi: 'Đăng nhập', en: 'Log in' },
  'login.submitting': { vi: 'Đang đăng nhập…', en: 'Logging in…' },

  // ── projects ────────────────────────────────────────────────────────────────
  'projects.title': { vi: 'Đề án của tôi', en: 'My projects' },
  'projects.count': { vi: 'Số đề án bạn tham gia: {count}', en: 'Projects you take part in: {count}' },
  'projects.emptyTitle': { vi: 'Bạn chưa tham gia đề án nào', en: 'You are not in any project yet' },
  'projects.emptyBody': {
    vi: 'Khi quản trị viên thêm bạn vào một đề án, đề án đó sẽ hiện ở đây.',
    en: 'When an administrator adds you to a project, it will appear here.',
  },
  'projects.emptyAdmin': { vi: 'Tạo đề án trong trang Quản trị', en: 'Create a project in Admin' },

  'project.title': { vi: 'Đề án', en: 'Project' },
  'project.code': { vi: 'Mã đề án', en: 'Project code' },
  'project.name': { vi: 'Tên đề án', en: 'Project name' },
  'project.nameVi': { vi: 'Tên tiếng Việt', en: 'Name in Vietnamese' },
  'project.nameEn': { vi: 'Tên tiếng Anh', en: 'Name in English' },
  'project.summary': { vi: 'Tóm tắt', en: 'Summary' },
  'project.summaryVi': { vi: 'Tóm tắt tiếng Việt', en: 'Summary in Vietnamese' },
  'project.summaryEn': { vi: 'Tóm tắt tiếng Anh', en: 'Summary in English' },
  'project.zone': { vi: 'Địa bàn', en: 'Zone' },
  'project.dates': { vi: 'Thời gian', en: 'Dates' },
  'project.startDate': { vi: 'Ngày bắt đầu', en: 'Start date' },
  'project.endDate': { vi: 'Ngày kết thúc', en: 'End date' },
  'project.status': { vi: 'Trạng thái', en: 'Status' },
  'project.myRole': { vi: 'Vai trò của tôi', en: 'My role' },
  'project.parties': { vi: 'Các bên tham gia', en: 'Parties' },
  'project.part': { vi: 'Nhiệm vụ trong đề án', en: 'Part in the pilot' },
  'project.noParties': { vi: 'Chưa có bên tham gia nào.', en: 'No parties yet.' },
  'project.members': { vi: 'Thành viên', en: 'Members' },
  'project.noMembers': { vi: 'Chưa có thành viên nào.', en: 'No members yet.' },
  'project.notFoundTitle': { vi: 'Không tìm thấy đề án', en: 'Project not found' },
  'project.notFoundBody': {
    vi: 'Đề án này không tồn tại, hoặc bạn không phải là thành viên của đề án.',
    en: 'This project does not exist, or you are not a member of it.',
  },

  'status.draft': { vi: 'Dự thảo', en: 'Draft' },
  'status.active': { vi: 'Đang thực hiện', en: 'Active' },
  'status.closed': { vi: 'Đã kết thúc', en: 'Closed' },

  'role.coordinator': { vi: 'Điều phối', en: 'Coordinator' },
  'role.approver': { vi: 'Phê duyệt', en: 'Approver' },
  'role.member': { vi: 'Thành viên', en: 'Member' },
  'role.viewer': { vi: 'Theo dõi', en: 'Viewer' },

  // ── organizations and people ───────────────────────────────────────────────
  'org.code': { vi: 'Mã tổ chức', en: 'Code' },
  'org.codeHint': { vi: 'Ví dụ: QN-DOIT. Chữ cái, chữ số và dấu gạch ngang.', en: 'For example QN-DOIT. Letters, digits and dashes.' },
  'org.name': { vi: 'Tổ chức', en: 'Organization' },
  'org.nameVi': { vi: 'Tên tiếng Việt', en: 'Name in Vietnamese' },
  'org.nameEn': { vi: 'Tên tiếng Anh', en: 'Name in English' },
  'org.userCount': { vi: 'Số người dùng', en: 'Users' },

  'user.name': { vi: 'Họ và tên', en: 'Name' },
  'user.email': { vi: 'Email', en: 'Email' },
  'user.organization': { vi: 'Tổ chức', en: 'Organization' },
  'user.locale': { vi: 'Ngôn ngữ', en: 'Language' },
  'user.status': { vi: 'Tình trạng', en: 'Status' },
  'user.active': { vi: 'Đang hoạt động', en: 'Active' },
  'user.inactive': { vi: 'Đã khóa', en: 'Deactivated' },
  'user.admin': { vi: 'Quản trị viên', en: 'Administrator' },

  // ── administration ──────────────────────────────────────────────────────────
  'admin.title': { vi: 'Quản trị hệ thống', en: 'Administration' },
  'admin.noAccessTitle': { vi: 'Không có quyền truy cập', en: 'No access' },
  'admin.noAccessBody': { vi: 'Chỉ quản trị viên hệ thống mới xem được trang này.', en: 'Only system administrators can open this page.' },
  'admin.tab.organizations': { vi: 'Tổ chức', en: 'Organizations' },
  'admin.tab.users': { vi: 'Người dùng', en: 'Users' },
  'admin.tab.projects': { vi: 'Đề án', en: 'Projects' },

  'admin.organizations.new': { vi: 'Thêm tổ chức', en: 'New organization' },
  'admin.organizations.newTitle': { vi: 'Tổ chức mới', en: 'New organization' },
  'admin.organizations.editTitle': { vi: 'Sửa tổ chức {code}', en: 'Edit organization {code}' },
  'admin.organizations.create': { vi: 'Tạo tổ chức', en: 'Create organization' },
  'admin.organizations.created': { vi: 'Đã tạo tổ chức {code}.', en: 'Organization {code} created.' },
  'admin.organizations.saved': { vi: 'Đã lưu tổ chức {code}.', en: 'Organization {code} saved.' },

  'admin.users.new': { vi: 'Thêm người dùng', en: 'New user' },
  'admin.users.newTitle': { vi: 'Người dùng mới', en: 'New user' },
  'admin.users.editTitle': { vi: 'Sửa thông tin: {name}', en: 'Edit {name}' },
  'admin.users.create': { vi: 'Tạo người dùng', en: 'Create user' },
  'admin.users.created': { vi: 'Đã tạo tài khoản cho {name} ({email}).', en: 'Account created for {name} ({email}).' },
  'admin.users.saved': { vi: 'Đã lưu thông tin của {name}.', en: "{name}'s details saved." },
  'admin.users.filter': { vi: 'Lọc theo tên, email hoặc tổ chức', en: 'Filter by name, email or organization' },
  'admin.users.count': { vi: 'Hiển thị {shown} / {total} người dùng.', en: 'Showing {shown} of {total} users.' },
  'admin.users.you': { vi: 'bạn', en: 'you' },
  'admin.users.emailFixed': { vi: 'Email là tên đăng nhập và không đổi được.', en: 'The email is the login and cannot be changed.' },
  'admin.users.initialPassword': { vi: 'Mật khẩu ban đầu', en: 'Initial password' },
  'admin.users.newPassword': { vi: 'Mật khẩu mới', en: 'New password' },
  'admin.users.passwordHint': { vi: 'Ít nhất {min} ký tự. Hãy gửi cho người dùng qua kênh an toàn.', en: 'At least {min} characters. Give it to the person over a safe channel.' },
  'admin.users.isAdmin': { vi: 'Quản trị viên hệ thống', en: 'System administrator' },
  'admin.users.isAdminHint': {
    vi: 'Quản lý tổ chức, người dùng và đề án; không tự động có quyền phê duyệt.',
    en: 'Manages organizations, users and projects; no right to approve for anyone.',
  },
  'admin.users.resetPassword': { vi: 'Đặt lại mật khẩu', en: 'Reset password' },
  'admin.users.resetTitle': { vi: 'Đặt lại mật khẩu cho {name}', en: 'Reset the password of {name}' },
  'admin.users.resetExplain': {
    vi: 'Mọi phiên đăng nhập hiện có của người này sẽ kết thúc.',
    en: "Every session this person has open will end.",
  },
  'admin.users.passwordReset': { vi: 'Đã đặt lại mật khẩu cho {name}; các phiên đăng nhập cũ đã kết thúc.', en: "{name}'s password was reset; their sessions have ended." },
  'admin.users.deactivate': { vi: 'Khóa tài khoản', en: 'Deactivate' },
  'admin.users.deactivateQuestion': { vi: 'Khóa tài khoản của {name}?', en: 'Deactivate {name}?' },
  'admin.users.deactivated': { vi: 'Đã khóa tài khoản của {name}; người này đã bị đăng xuất.', en: '{name} is deactivated and logged out everywhere.' },
  'admin.users.reactivate': { vi: 'Mở khóa', en: 'Reactivate' },
  'admin.users.reactivated': { vi: 'Đã mở khóa tài khoản của {name}.', en: '{name} is active again.' },

  'admin.projects.new': { vi: 'Thêm đề án', en: 'New project' },
  'admin.projects.newTitle': { vi: 'Đề án mới', en: 'New project' },
  'admin.projects.detailsTitle': { vi: 'Thông tin đề án', en: 'Project details' },
  'admin.projects.create': { vi: 'Tạo đề án', en: 'Create project' },
  'admin.projects.created': { vi: 'Đã tạo đề án {code}.', en: 'Project {code} created.' },
  'admin.projects.saved': { vi: 'Đã lưu đề án {code}.', en: 'Project {code} saved.' },
  'admin.projects.none': { vi: 'Chưa có đề án nào.', en: 'No projects yet.' },
  'admin.projects.manage': { vi: 'Quản lý', en: 'Manage' },
  'admin.projects.backToList': { vi: 'Tất cả đề án', en: 'All projects' },
  'admin.projects.viewOverview': { vi: 'Xem trang tổng quan', en: 'View overview' },

  'admin.parties.add': { vi: 'Thêm bên tham gia', en: 'Add party' },
  'admin.parties.addTitle': { vi: 'Thêm bên tham gia', en: 'Add a party' },
  'admin.parties.editTitle': { vi: 'Nhiệm vụ của {code}', en: 'Part of {code}' },
  'admin.parties.editPart': { vi: 'Sửa nhiệm vụ', en: 'Edit part' },
  'admin.parties.organization': { vi: 'Tổ chức', en: 'Organization' },
  'admin.parties.partVi': { vi: 'Nhiệm vụ (tiếng Việt)', en: 'Part (Vietnamese)' },
  'admin.parties.partEn': { vi: 'Nhiệm vụ (tiếng Anh)', en: 'Part (English)' },
  'admin.parties.noCandidates': { vi: 'Mọi tổ chức đều đã là bên tham gia.', en: 'Every organization is already a party.' },
  'admin.parties.added': { vi: 'Đã thêm {code} làm bên tham gia.', en: '{code} added as a party.' },
  'admin.parties.saved': { vi: 'Đã lưu nhiệm vụ của {code}.', en: "{code}'s part saved." },
  'admin.parties.removeQuestion': { vi: 'Gỡ {code} khỏi đề án?', en: 'Remove {code} from the project?' },
  'admin.parties.removed': { vi: 'Đã gỡ {code} khỏi đề án.', en: '{code} removed from the project.' },

  'admin.members.add': { vi: 'Thêm thành viên', en: 'Add member' },
  'admin.members.addTitle': { vi: 'Thêm thành viên', en: 'Add a member' },
  'admin.members.editTitle': { vi: 'Vai trò của {name}', en: 'Role of {name}' },
  'admin.members.changeRole': { vi: 'Đổi vai trò', en: 'Change role' },
  'admin.members.person': { vi: 'Người dùng', en: 'Person' },
  'admin.members.role': { vi: 'Vai trò', en: 'Role' },
  'admin.members.candidatesHint': {
    vi: 'Chỉ hiện người dùng đang hoạt động thuộc các bên tham gia.',
    en: 'Only active people of the parties are listed.',
  },
  'admin.members.noCandidates': {
    vi: 'Không còn ai để thêm: hãy thêm tổ chức của họ làm bên tham gia trước.',
    en: "Nobody left to add: add the person's organization as a party first.",
  },
  'admin.members.added': { vi: 'Đã thêm {name} với vai trò {role}.', en: '{name} added as {role}.' },
  'admin.members.saved': { vi: 'Vai trò của {name} giờ là {role}.', en: "{name}'s role is now {role}." },
  'admin.members.removeQuestion': { vi: 'Gỡ {name} khỏi đề án?', en: 'Remove {name} from the project?' },
  'admin.members.removed': { vi: 'Đã gỡ {name} khỏi đề án.', en: '{name} removed from the project.' },

  // ── not found ───────────────────────────────────────────────────────────────
  'notFound.title': { vi: 'Không tìm thấy trang', en: 'Page not found' },
  'notFound.body': { vi: 'Địa chỉ này không có trong LienKet.', en: 'There is no such page in LienKet.' },
} as const satisfies Record<string, { vi: string; en: string }>;

export type MessageKey = keyof typeof dictionary;
